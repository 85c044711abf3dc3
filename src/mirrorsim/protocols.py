"""Trial schedules: spontaneous rest, test blocks, the development block.

A protocol is a list of :class:`Trial` records and a list of named :class:`Epoch` spans, all in
seconds from the start of the simulation. :func:`input_drives` turns it into the on/off arrays that
drive the STS (sight of action *k*) and the motor intention (intending action *k*) in the circuit.

The default experiment (model §6) is: settle, spontaneous rest, test block, development
block, spontaneous rest, test block. Experiment ``counter-mirror`` (model §6.6) adds a
training block, a spontaneous epoch and a test block ``trained``. In a test block each trial
type (rest; execute *k*; observe *k*) is repeated in random order. In the development block the
network executes action *k* and sees it after ``reafference_delay`` (self-observation with
re-afference; Keysers & Perrett 2004).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import second

from mirrorsim.params import Params

CONDITIONS = ("rest", "execute", "observe")
SOUND_CONDITIONS = ("hear", "see_hear")
"""Test trials of the sounding actions when ``n_sounding_actions`` > 0 (model §6.10; Kohler et
al. 2002): hearing the action without seeing it, and seeing and hearing it; ``observe`` is
then *see only*."""
HIDDEN_CONDITIONS = ("mime", "hidden", "hidden_mime")
"""Test trials of each action when ``n_object_inputs`` > 0 (model §6.11; Umiltà et al. 2001):
the action seen without an object (``mime``), and its start seen, the rest hidden by a screen
with an object known to be behind it (``hidden``) or not (``hidden_mime``); ``observe`` is
then *full vision*, with the object. Each block also holds ``object_only`` trials (the object,
no action), the control for responses to the object itself."""
OBJECT_CONDITIONS = (
    "execute", "observe", "observe_tms", "self_execute", "hidden", "object_only",
)  # fmt: skip
"""Trials with an object in view or known behind the screen (model §6.11): the object input
fires during them. Actions are made on objects; ``mime`` and ``hidden_mime`` have none."""
TMS_CONDITIONS = ("observe_tms", "static_tms")
"""TMS trials (Fadiga et al. 1995): a pulse while observing action *k*, or while viewing a
static scene (no action; the control of Theoret et al. 2005)."""
PROTOCOL_DT = 1e-3  # s; resolution of the input drive arrays


@dataclass(frozen=True)
class Trial:
    """One trial: ``condition`` of ``action`` (-1 for rest), from ``onset`` for ``duration`` s.

    ``seen_action``: in a ``self_execute`` trial, the action whose sight follows the execution
    (``None``: the executed one, as in self-observation; another one in counter-mirror training).
    ``visible``: in a ``hidden`` or ``hidden_mime`` trial, how long (s) the action is seen before
    it passes behind the screen (``None``: seen to the end).
    ``pulses``: in a TMS trial, its pulses as ``(time after onset in s, intensity)``, intensity
    a multiple of ``w_tms``, the test pulse last (empty: one pulse of intensity 1 at
    ``tms_time``); ``paradigm``: what they are (``single``, ``sici``, ``lici``, ``curve``;
    model §6.12).
    """

    block: str
    condition: str
    action: int
    onset: float
    duration: float
    seen_action: int | None = None
    visible: float | None = None
    pulses: tuple[tuple[float, float], ...] = ()
    paradigm: str = ""

    def tms_pulses(self, tms_time: float) -> tuple[tuple[float, float], ...]:
        """The trial's TMS pulses as ``(absolute time in s, intensity)``; none outside TMS
        trials."""
        if self.condition not in TMS_CONDITIONS:
            return ()
        return tuple((self.onset + dt, i) for dt, i in (self.pulses or ((tms_time, 1.0),)))


@dataclass(frozen=True)
class Epoch:
    """A named span of the simulation, in seconds."""

    name: str
    start: float
    stop: float


@dataclass(frozen=True)
class Protocol:
    """The whole schedule of a run."""

    trials: tuple[Trial, ...]
    epochs: tuple[Epoch, ...]
    duration: float
    reafference_delay: float
    #: The epoch (or epochs, a tuple) in which IPL->F5 learning is on.
    learning_epoch: str | tuple[str, ...] = "development"
    blocks: tuple[str, ...] = ("pre", "post")

    @property
    def learning_epochs(self) -> tuple[str, ...]:
        """The learning epochs' names, as a tuple."""
        e = self.learning_epoch
        return (e,) if isinstance(e, str) else tuple(e)

    def epoch(self, name: str) -> Epoch:
        for e in self.epochs:
            if e.name == name:
                return e
        raise KeyError(f"no epoch named {name!r}")

    def block_trials(self, block: str, condition: str | None = None) -> list[Trial]:
        return [
            t
            for t in self.trials
            if t.block == block and (condition is None or t.condition == condition)
        ]


def _s(q) -> float:
    return float(q / second)


def test_block_trials(
    params: Params, block: str, start: float, rng: np.random.Generator
) -> tuple[list[Trial], float]:
    """Randomised test block: ``n_test_repeats`` of rest, execute k and observe k for every k.

    It also holds ``n_tms_repeats`` TMS trials of each kind: observing an action (the actions in
    turn) and viewing a static scene; the pulse comes ``tms_time`` after onset. With
    ``n_sounding_actions`` > 0 it also holds ``n_test_repeats`` of each of
    :data:`SOUND_CONDITIONS` for every sounding action; with ``n_object_inputs`` > 0,
    ``n_test_repeats`` of each of :data:`HIDDEN_CONDITIONS` for every action and of
    ``object_only``.
    """
    types = [("rest", -1)] + [
        (c, k) for c in ("execute", "observe") for k in range(params.n_actions)
    ]
    types += [(c, k) for c in SOUND_CONDITIONS for k in range(params.n_sounding_actions)]
    if params.n_object_inputs:
        types += [(c, k) for c in HIDDEN_CONDITIONS for k in range(params.n_actions)]
        types += [("object_only", -1)]
    order = [t for t in types for _ in range(params.n_test_repeats)]
    order += [("observe_tms", r % params.n_actions) for r in range(params.n_tms_repeats)]
    order += [("static_tms", -1)] * params.n_tms_repeats
    rng.shuffle(order)
    t_trial, t_iti = _s(params.t_trial), _s(params.t_iti)
    screen = _s(params.screen_time)
    trials, t = [], start
    for condition, action in order:
        visible = screen if condition in ("hidden", "hidden_mime") else None
        trials.append(Trial(block, condition, action, t, t_trial, visible=visible))
        t += t_trial + t_iti
    return trials, t


def development_trials(
    params: Params, start: float, rng: np.random.Generator
) -> tuple[list[Trial], float]:
    """Self-execution with re-afference: ``n_dev_repeats`` executions of each action, shuffled.

    Each event takes ``t_trial + |reafference_delay| + t_iti``; with a negative delay (sight
    before intention: contiguity, model §6.8) the intention starts ``|delay|`` into it, so
    that the sight still starts with the event.

    With ``n_dev_unpaired`` > 0 (experiment of contingency, model §6.7; Cook, Press, Dickinson &
    Heyes 2010) the block also holds that many *unpaired* events of each action and kind,
    shuffled among the paired ones: seeing the action without executing it (``observe``) and
    executing it unseen (``execute``). Every event takes the same time as a paired one.
    """
    kinds = {"self_execute": params.n_dev_repeats}
    if params.n_dev_unpaired:
        kinds |= {"observe": params.n_dev_unpaired, "execute": params.n_dev_unpaired}
    order = [(c, k) for c, n in kinds.items() for k in range(params.n_actions) for _ in range(n)]
    rng.shuffle(order)
    t_trial, t_iti, delay = _s(params.t_trial), _s(params.t_iti), _s(params.reafference_delay)
    lead = max(0.0, -delay)  # a negative delay: the sight comes first, the intention after it
    trials, t = [], start
    for condition, action in order:
        trials.append(Trial("development", condition, action, t + lead, t_trial))
        t += t_trial + abs(delay) + t_iti
    return trials, t


def mirror_emergence_protocol(
    params: Params, seed: int, blocks: tuple[str, ...] = ("pre", "post")
) -> Protocol:
    """The main job's schedule: test, develop (learn), test again (model §6).

    ``blocks=("post",)`` leaves out the spontaneous epoch and test block before learning (the
    sweeps measure only the learned network). The post-learning part is the same either way.
    ``blocks=("pre",)`` is the part before development alone, with the same trials: the main
    job runs it beside the ``("post",)`` part (:mod:`mirrorsim.split_run`).

    Parameters
    ----------
    params : Params
        Durations, repeats and the number of actions (``t_trial``, ``n_test_repeats``,
        ``n_dev_repeats``, ``reafference_delay`` ...).
    seed : int
        Seeds the random trial orders (the same seed gives the same schedule).
    blocks : tuple of str
        ``("pre", "post")`` (default), ``("post",)`` or ``("pre",)``.

    Returns
    -------
    Protocol
        The trials and named epochs, in seconds; :func:`input_drives` turns them into drives.

    Examples
    --------
    >>> from mirrorsim.params import make_params
    >>> from mirrorsim.protocols import mirror_emergence_protocol
    >>> protocol = mirror_emergence_protocol(make_params(), seed=1)
    >>> [e.name for e in protocol.epochs]  # doctest: +NORMALIZE_WHITESPACE
    ['settle', 'spontaneous_pre', 'test_pre', 'development', 'spontaneous_post', 'test_post']
    >>> sweep = mirror_emergence_protocol(make_params(), seed=1, blocks=("post",))
    >>> [e.name for e in sweep.epochs]
    ['settle', 'development', 'spontaneous_post', 'test_post']
    >>> before = mirror_emergence_protocol(make_params(), seed=1, blocks=("pre",))
    >>> list(before.trials) == protocol.block_trials("pre"), round(before.duration, 6)
    (True, 76.3)
    """
    if tuple(blocks) not in {("pre", "post"), ("post",), ("pre",)}:
        raise ValueError(f"blocks must be ('pre', 'post'), ('post',) or ('pre',), got {blocks}")
    rng = np.random.default_rng([seed, 0x5EED])
    epochs: list[Epoch] = []
    t = _s(params.t_settle)
    epochs.append(Epoch("settle", 0.0, t))
    trials: list[Trial] = []
    if "pre" not in blocks:
        test_block_trials(params, "pre", 0.0, rng)  # draw as a full protocol: same 'post' orders
    for block in blocks:
        if block == "post":
            dev, t_end = development_trials(params, t, rng)
            epochs.append(Epoch("development", t, t_end))
            trials += dev
            t = t_end
        start = t
        t += _s(params.t_spontaneous)
        epochs.append(Epoch(f"spontaneous_{block}", start, t))
        block_trials, t_end = test_block_trials(params, block, t, rng)
        epochs.append(Epoch(f"test_{block}", t, t_end))
        trials += block_trials
        t = t_end
    return Protocol(
        tuple(trials),
        tuple(epochs),
        t,
        _s(params.reafference_delay),
        learning_epoch="development" if "post" in blocks else (),
        blocks=tuple(blocks),
    )


def training_map(n_actions: int, mapping: str) -> np.ndarray:
    """The action seen after executing each action in the training block, by executed action.

    ``"compatible"``: the executed action itself (more self-observation, the control of Catmur,
    Walsh & Heyes 2007). ``"incompatible"``: the next action, ``k + 1 mod n_actions``, which
    for two actions is their swap (executing the index-finger movement while seeing the
    little-finger one, and the reverse: Catmur et al. 2007) and for more actions a cycle,
    so that every action is seen after exactly one other.

    >>> training_map(3, "incompatible").tolist(), training_map(3, "compatible").tolist()
    ([1, 2, 0], [0, 1, 2])
    """
    if mapping not in ("compatible", "incompatible"):
        raise ValueError(f"mapping must be 'compatible' or 'incompatible', got {mapping!r}")
    actions = np.arange(n_actions)
    return actions if mapping == "compatible" else (actions + 1) % n_actions


def training_trials(
    params: Params, start: float, rng: np.random.Generator
) -> tuple[list[Trial], float]:
    """The training block: ``n_train_repeats`` executions of each action, shuffled, each followed
    after ``reafference_delay`` by the sight of the action :func:`training_map` pairs with it
    (``training_mapping``)."""
    seen = training_map(params.n_actions, params.training_mapping)
    order = [k for k in range(params.n_actions) for _ in range(params.n_train_repeats)]
    rng.shuffle(order)
    t_trial, t_iti, delay = _s(params.t_trial), _s(params.t_iti), _s(params.reafference_delay)
    lead = max(0.0, -delay)  # as in development_trials
    trials, t = [], start
    for action in order:
        trials.append(
            Trial("training", "self_execute", action, t + lead, t_trial, int(seen[action]))
        )
        t += t_trial + abs(delay) + t_iti
    return trials, t


#: The actions' roles in the expertise block (:func:`expertise_trials`), by action index.
EXPERTISE_ROLES = ("practised", "seen", "untrained")


def expertise_trials(
    params: Params, start: float, rng: np.random.Generator
) -> tuple[list[Trial], float]:
    """The expertise block (model §6.9; Calvo-Merino et al. 2005): ``n_train_repeats``
    self-executions with re-afference of action 0 (*practised*) and as many sights of action 1
    without executing it (*seen*: visual familiarity alone), shuffled; action 2 and any others
    are left out (*untrained*). Events are spaced as in development."""
    if params.n_actions < 3:
        raise ValueError(f"the expertise block needs n_actions >= 3, got {params.n_actions}")
    order = [("self_execute", 0), ("observe", 1)] * params.n_train_repeats
    rng.shuffle(order)
    t_trial, t_iti, delay = _s(params.t_trial), _s(params.t_iti), _s(params.reafference_delay)
    lead = max(0.0, -delay)  # as in development_trials
    trials, t = [], start
    for condition, action in order:
        trials.append(Trial("training", condition, action, t + lead, t_trial))
        t += t_trial + abs(delay) + t_iti
    return trials, t


def counter_mirror_protocol(params: Params, seed: int) -> Protocol:
    """Develop, test, train a sensorimotor mapping, test again (model §6.6).

    The first part (settle, development, spontaneous and test block ``post``) is the
    post-learning protocol of :func:`mirror_emergence_protocol` with ``blocks=("post",)``, so
    the same seed gives the same schedule. Then a training block (:func:`training_trials`;
    learning on, as in development), a spontaneous epoch and the test block ``trained``.
    Catmur, Walsh & Heyes (2007) tested before and after a session of incompatible or
    compatible sensorimotor training; here the training follows the network's development.

    >>> from mirrorsim.params import make_params
    >>> protocol = counter_mirror_protocol(make_params(), seed=1)
    >>> [e.name for e in protocol.epochs]  # doctest: +NORMALIZE_WHITESPACE
    ['settle', 'development', 'spontaneous_post', 'test_post', 'training',
     'spontaneous_trained', 'test_trained']
    >>> protocol.learning_epochs, protocol.blocks
    (('development', 'training'), ('post', 'trained'))
    """
    return _with_training_block(params, seed, training_trials)


#: TMS session (model §6.12). The recruitment curve's intensities, multiples of ``w_tms``
#: (steps of a factor sqrt(2) from 0.5 to 11.3: from below any response to the plateau).
CURVE_INTENSITIES = tuple(float(0.5 * 2 ** (k / 2)) for k in range(10))
#: The test pulse at 120 % of the resting motor threshold (RMT), the usual single-pulse intensity
#: of action-observation studies (e.g. Basavaraju et al. 2019); the SICI conditioning pulse at
#: 80 % RMT, below the threshold of any descending volley (Kujirai et al. 1993); the LICI
#: conditioning pulse as strong as the test pulse (Valls-Solé et al. 1992).
TEST_INTENSITY, SICI_CONDITIONING, LICI_CONDITIONING = 1.2, 0.8, 1.2
#: The action whose M1 pool is the "recorded muscle", and which is shown in observation trials
#: (Fadiga et al. 1995: the hand muscle that the observed grasp uses).
TMS_TARGET_ACTION = 0


def tms_session_protocol(
    params: Params, seed: int, trials: list[tuple[str, tuple[tuple[float, float], ...], str]]
) -> Protocol:
    """Develop, then a TMS block (model §6.12): the post-learning schedule of
    :func:`mirror_emergence_protocol` (``blocks=("post",)``) up to its test block, which is
    replaced by ``trials``, shuffled: ``(condition, pulses, paradigm)``, condition
    ``static_tms`` or ``observe_tms`` (of :data:`TMS_TARGET_ACTION`), pulses as
    ``(time after onset in s, intensity)``.

    Everything before the TMS block is the same for a seed whatever ``trials`` are, so a
    calibration run and a paradigm run of one seed are one subject, as one TMS session."""
    base = mirror_emergence_protocol(params, seed, blocks=("post",))
    test = base.epoch("test_post")
    order = list(trials)
    np.random.default_rng([seed, 0x7E5]).shuffle(order)
    t_trial, t_iti = _s(params.t_trial), _s(params.t_iti)
    t, block = test.start, []
    for condition, pulses, paradigm in order:
        if condition not in TMS_CONDITIONS:
            raise ValueError(f"a TMS block holds {TMS_CONDITIONS} trials, not {condition!r}")
        action = TMS_TARGET_ACTION if condition == "observe_tms" else -1
        block.append(Trial("post", condition, action, t, t_trial, pulses=pulses, paradigm=paradigm))
        t += t_trial + t_iti
    epochs = [e for e in base.epochs if e.name != "test_post"] + [Epoch("test_post", test.start, t)]
    kept = [tr for tr in base.trials if tr.block != "post"]
    return Protocol(tuple(kept + block), tuple(epochs), t, base.reafference_delay, blocks=("post",))


def tms_calibration_protocol(params: Params, seed: int) -> Protocol:
    """The recruitment curve at rest: ``n_tms_repeats`` single pulses at each of
    :data:`CURVE_INTENSITIES` while viewing a static scene (:func:`tms_session_protocol`).

    >>> from mirrorsim.params import make_params
    >>> protocol = tms_calibration_protocol(make_params({"n_tms_repeats": 2}), seed=1)
    >>> len(protocol.block_trials("post")), protocol.block_trials("post")[0].paradigm
    (20, 'curve')
    """
    tms_time = _s(params.tms_time)
    trials = [
        ("static_tms", ((tms_time, intensity),), "curve")
        for intensity in CURVE_INTENSITIES
        for _ in range(params.n_tms_repeats)
    ]
    return tms_session_protocol(params, seed, trials)


def tms_paradigm_protocol(params: Params, seed: int, rmt: float) -> Protocol:
    """Single and paired pulses at the resting motor threshold ``rmt`` (a multiple of
    ``w_tms``), while viewing a static scene and while observing: the test pulse alone
    (``single``), after a conditioning pulse ``sici_isi`` before it (``sici``) and after one
    ``lici_isi`` before it (``lici``), ``n_tms_repeats`` of each (:func:`tms_session_protocol`;
    intensities :data:`TEST_INTENSITY`, :data:`SICI_CONDITIONING`, :data:`LICI_CONDITIONING`).

    >>> from mirrorsim.params import make_params
    >>> protocol = tms_paradigm_protocol(make_params({"n_tms_repeats": 1}), seed=1, rmt=2.0)
    >>> trials = sorted((t.condition, t.paradigm, t.pulses) for t in protocol.block_trials("post"))
    >>> trials[1]
    ('observe_tms', 'sici', ((0.297, 1.6), (0.3, 2.4)))
    """
    if not (np.isfinite(rmt) and rmt > 0):
        raise ValueError(f"the resting motor threshold must be a positive number, got {rmt}")
    tms_time = _s(params.tms_time)
    sici, lici = _s(params.sici_isi), _s(params.lici_isi)
    if max(sici, lici) >= tms_time:
        raise ValueError(
            "sici_isi and lici_isi must be shorter than tms_time: the conditioning pulse comes "
            f"within the trial (lici_isi = {lici * 1e3:g} ms, tms_time = {tms_time * 1e3:g} ms)"
        )
    test = (tms_time, TEST_INTENSITY * rmt)
    paradigms = {
        "single": (test,),
        "sici": ((round(tms_time - sici, 6), SICI_CONDITIONING * rmt), test),
        "lici": ((round(tms_time - lici, 6), LICI_CONDITIONING * rmt), test),
    }
    trials = [
        (condition, pulses, paradigm)
        for condition in TMS_CONDITIONS
        for paradigm, pulses in paradigms.items()
        for _ in range(params.n_tms_repeats)
    ]
    return tms_session_protocol(params, seed, trials)


def expertise_protocol(params: Params, seed: int) -> Protocol:
    """Develop, test, practise one action and watch another, test again (model §6.9): as
    :func:`counter_mirror_protocol` with the training block of :func:`expertise_trials`.

    >>> from mirrorsim.params import make_params
    >>> protocol = expertise_protocol(make_params({"n_train_repeats": 2}), seed=1)
    >>> sorted((t.condition, t.action) for t in protocol.block_trials("training"))
    [('observe', 1), ('observe', 1), ('self_execute', 0), ('self_execute', 0)]
    """
    return _with_training_block(params, seed, expertise_trials)


def _with_training_block(params: Params, seed: int, block) -> Protocol:
    """The post-learning schedule, then ``block(params, start, rng)`` as the learning epoch
    ``training``, a spontaneous epoch and the test block ``trained``."""
    base = mirror_emergence_protocol(params, seed, blocks=("post",))
    rng = np.random.default_rng([seed, 0x7EA1])  # its own stream: the first part is unchanged
    t = base.duration
    training, t_end = block(params, t, rng)
    epochs = [*base.epochs, Epoch("training", t, t_end)]
    t = t_end + _s(params.t_spontaneous)
    epochs.append(Epoch("spontaneous_trained", t_end, t))
    trained, t_end = test_block_trials(params, "trained", t, rng)
    epochs.append(Epoch("test_trained", t, t_end))
    return Protocol(
        (*base.trials, *training, *trained),
        tuple(epochs),
        t_end,
        base.reafference_delay,
        learning_epoch=("development", "training"),
        blocks=("post", "trained"),
    )


def input_drives(protocol: Protocol, n_actions: int) -> tuple[np.ndarray, np.ndarray]:
    """On/off drive arrays ``(n_bins, n_actions)`` at :data:`PROTOCOL_DT` for STS and intention.

    STS pool *k* is on while action *k* is observed, and during self-execution from
    ``reafference_delay`` after the intention onset for the trial's duration. The intention pool
    *k* is on while *k* is executed.
    """
    n_bins = int(np.ceil(protocol.duration / PROTOCOL_DT)) + 1
    sight = np.zeros((n_bins, n_actions))
    intention = np.zeros((n_bins, n_actions))

    def span(onset: float, duration: float) -> slice:
        return slice(int(round(onset / PROTOCOL_DT)), int(round((onset + duration) / PROTOCOL_DT)))

    for trial in protocol.trials:
        if trial.condition in ("observe", "observe_tms", "see_hear", "mime"):
            sight[span(trial.onset, trial.duration), trial.action] = 1.0
        elif trial.condition in ("hidden", "hidden_mime"):  # seen until the screen
            sight[span(trial.onset, trial.visible), trial.action] = 1.0
        elif trial.condition == "execute":
            intention[span(trial.onset, trial.duration), trial.action] = 1.0
        elif trial.condition == "self_execute":
            seen = trial.action if trial.seen_action is None else trial.seen_action
            intention[span(trial.onset, trial.duration), trial.action] = 1.0
            sight[span(trial.onset + protocol.reafference_delay, trial.duration), seen] = 1.0
    return sight, intention


def sound_drive(protocol: Protocol, n_actions: int, n_sounding: int) -> np.ndarray:
    """On/off drive ``(n_bins, n_actions)`` of the auditory pools (model §6.10), as
    :func:`input_drives`: pool *k* < ``n_sounding`` is on in ``hear`` and ``see_hear`` trials of
    *k*, and while the network executes *k* itself from ``reafference_delay`` after the
    intention onset (it hears its own action as it sees it); silent actions' pools never are.
    """
    n_bins = int(np.ceil(protocol.duration / PROTOCOL_DT)) + 1
    sound = np.zeros((n_bins, n_actions))
    for trial in protocol.trials:
        if trial.action < 0 or trial.action >= n_sounding:
            continue
        onset = trial.onset
        if trial.condition == "self_execute":
            onset += protocol.reafference_delay
        elif trial.condition not in SOUND_CONDITIONS:
            continue
        start = int(round(onset / PROTOCOL_DT))
        sound[start : int(round((onset + trial.duration) / PROTOCOL_DT)), trial.action] = 1.0
    return sound


def object_drive(protocol: Protocol) -> np.ndarray:
    """On/off drive ``(n_bins, 1)`` of the object input (model §6.11), on the grid of
    :func:`input_drives`: on through every trial of :data:`OBJECT_CONDITIONS` (in a
    ``self_execute`` trial from the first to the last of intention and sight), off in rest,
    pantomime and the intervals."""
    n_bins = int(np.ceil(protocol.duration / PROTOCOL_DT)) + 1
    drive = np.zeros((n_bins, 1))
    delay = protocol.reafference_delay
    for trial in protocol.trials:
        if trial.condition not in OBJECT_CONDITIONS:
            continue
        start, stop = trial.onset, trial.onset + trial.duration
        if trial.condition == "self_execute":
            start, stop = start + min(0.0, delay), stop + max(0.0, delay)
        drive[int(round(start / PROTOCOL_DT)) : int(round(stop / PROTOCOL_DT)), 0] = 1.0
    return drive


def memory_drive(protocol: Protocol, n_actions: int) -> np.ndarray:
    """On/off drive ``(n_bins, n_actions)`` of the working-memory pools (model §6.11): pool *k*
    is on from the screen passage to the end of every ``hidden`` and ``hidden_mime`` trial of
    *k* (the hand was seen to start *k* in both), off elsewhere."""
    n_bins = int(np.ceil(protocol.duration / PROTOCOL_DT)) + 1
    drive = np.zeros((n_bins, n_actions))
    for trial in protocol.trials:
        if trial.condition in ("hidden", "hidden_mime"):
            start = int(round((trial.onset + trial.visible) / PROTOCOL_DT))
            stop = int(round((trial.onset + trial.duration) / PROTOCOL_DT))
            drive[start:stop, trial.action] = 1.0
    return drive


def interaction_drive(sight: np.ndarray, objects: np.ndarray) -> np.ndarray:
    """On/off drive ``(n_bins, n_actions)`` of the STS hand-object interaction pools (model
    §6.11): the sight of action *k* while an object is there (``sight`` of
    :func:`input_drives` times ``objects`` of :func:`object_drive`); a mimed action, seen
    without one, leaves them silent (Perrett et al. 1989)."""
    return sight * objects


def tms_pulses(protocol: Protocol, tms_time: float) -> tuple[np.ndarray, np.ndarray]:
    """Times (s) and intensities (multiples of ``w_tms``) of every TMS pulse, in time order:
    ``tms_time`` after the onset of every TMS trial at intensity 1, or the trial's own
    ``pulses``."""
    pulses = sorted(x for tr in protocol.trials for x in tr.tms_pulses(tms_time))
    times = np.array([t for t, _ in pulses], dtype=float)
    return times, np.array([i for _, i in pulses], dtype=float)


def tms_pulse_times(protocol: Protocol, tms_time: float) -> np.ndarray:
    """Times (s) of the TMS pulses (:func:`tms_pulses`)."""
    return tms_pulses(protocol, tms_time)[0]


def epoch_mask(protocol: Protocol, name: str | tuple[str, ...], n_bins: int) -> np.ndarray:
    """1.0 inside epoch ``name`` (or any of several) and 0.0 elsewhere, on the
    :data:`PROTOCOL_DT` grid."""
    mask = np.zeros(n_bins)
    for one in (name,) if isinstance(name, str) else name:
        epoch = protocol.epoch(one)
        mask[int(round(epoch.start / PROTOCOL_DT)) : int(round(epoch.stop / PROTOCOL_DT))] = 1.0
    return mask
