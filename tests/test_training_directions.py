"""Directions of the development experiments on the full network (model §6.7, §6.8), as slow
tests (`-m slow`: each runs the post-learning test twice, about 8 minutes on 2 cores). The
tiny network learns too little to show them; the committed sweeps (results/contingency,
results/contiguity) give the sizes with their spread over 5 seeds."""

import pytest

from mirrorsim.params import make_params

pytestmark = [pytest.mark.slow, pytest.mark.full_network, pytest.mark.standalone]

SHORT = {"n_test_repeats": 8, "n_tms_repeats": 4}  # development as by default
SEED = 7


def _point(overrides):
    from mirrorsim.experiments.post_learning import post_learning_point

    return post_learning_point(make_params(SHORT | overrides), SEED)


def test_no_overlap_of_sight_and_intention_learns_nothing():
    """Contiguity: with the sight a whole trial after the intention no mirror pair grows; with
    the default re-afference (80 ms) they do."""
    overlap = _point({"reafference_delay": "80 ms"})
    apart = _point({"reafference_delay": "500 ms"})
    assert overlap["w_same_post"] > 5 * overlap["w_other_post"]
    assert apart["w_same_post"] < 1.5 * apart["w_other_post"]
    assert overlap["mirror_index_post"] > 0.2 > apart["mirror_index_post"] + 0.1


def test_unpaired_events_weaken_learning():
    """Contingency: 20 unpaired sights and unseen executions per action, the 20 paired events
    kept, leave the mirror pairs weaker than paired events alone."""
    paired = _point({})
    diluted = _point({"n_dev_unpaired": 20})
    assert diluted["w_same_post"] < paired["w_same_post"] - 0.05


def test_practice_keeps_what_is_done_and_forgets_what_is_not():
    """Expertise (model §6.9), the direction the model shows, not the one people show: after
    practising action 0 and only watching action 1, the observation response of the action
    neither done nor seen falls far more than the practised one's (results/expertise: -17 vs
    -2 Hz over seeds 1-5); practice itself adds nothing at the weights' ceiling."""
    from mirrorsim.experiments.expertise import expertise_point

    run = expertise_point(make_params(SHORT | {"n_train_repeats": 15}), SEED)
    assert run["post.untrained.observe_hz"] > 5  # mirror after development (Hz)
    assert run["gain.untrained"] < run["gain.practised"] - 5
    assert run["gain.practised"] < 5
