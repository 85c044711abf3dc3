"""Figures (placeholder until the plotting module lands)."""
def mirror_emergence_figures(data, blocks, out_dir):
    return []
