"""mirrorsim."""
