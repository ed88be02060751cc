"""The open storyboard's value and its per-scene caches of cost and findings, with the primitives that change
it. Only the undo commands call those primitives; widgets see this object through ``StoryboardDocument``,
which offers reads and intent-named edits (each one an undo step) but no way around the undo stack.

Costs and checks are cached per scene, so a keystroke re-checks only the scene being typed in; the
video-level checks and the total are cheap and are redone on every change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from ..domain.catalog import Catalog
from ..domain.checks import check_scene, check_speakers, check_video
from ..domain.credits import Estimate, SceneCost, scene_cost, summarize
from ..domain.findings import Finding
from ..domain.length import LengthEstimate, SceneLength, scene_length, summarize_lengths
from ..domain.local_addresses import check_local_addresses
from ..domain.narration import effective_voice
from ..domain.storyboard import AiVideo, Scene, Storyboard


class StoryboardState(QObject):
    # Structural signals mirror QAbstractItemModel's so the list model can wrap them in begin/end calls.
    aboutToReset = Signal()
    reset = Signal()
    scenesAboutToBeInserted = Signal(int, int)  # first, last
    scenesInserted = Signal(int, int)
    scenesAboutToBeRemoved = Signal(int, int)
    scenesRemoved = Signal(int, int)
    sceneAboutToBeMoved = Signal(int, int)  # from, to: the scene at `from` ends up at position `to`
    sceneMoved = Signal(int, int)
    # Content signals.
    sceneChanged = Signal(int)
    videoChanged = Signal()
    storyboardChanged = Signal()  # after any change at all
    totalsChanged = Signal()
    findingsChanged = Signal()

    def __init__(self, catalog: Catalog, storyboard: Storyboard, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self._storyboard = storyboard
        self._costs: list[SceneCost] = []
        # Each scene's estimated length, worked out when first asked for (None: not yet, or changed since):
        # a keystroke recomputes one scene's, a change of the video's voice (its speed) every scene's.
        self._lengths: list[SceneLength | None] = []
        self._length_total: LengthEstimate | None = None  # the sum, until a scene's length changes
        self._scene_findings: list[list[Finding]] = []
        self._video_findings: list[Finding] = []
        # What depends on the connection, not on the storyboard alone: speakers checked against the account's
        # voice list (None: not loaded), and addresses on this computer (an error only when the server is not
        # on it; None: not known). Kept apart from the per-scene caches: they change when the list arrives or
        # the connection changes, not when the user types, and the scans are cheap.
        self._known_speakers: frozenset[str] | None = None
        self._server_on_this_computer: bool | None = None
        self._connection_findings: list[Finding] = []
        self._estimate = summarize(())
        self._recheck_everything()

    # ---------------------------------------------------------------------------------------- reading

    @property
    def storyboard(self) -> Storyboard:
        return self._storyboard

    def scene_count(self) -> int:
        return len(self._storyboard.scenes)

    def scene(self, index: int) -> Scene:
        return self._storyboard.scenes[index]

    def scene_cost(self, index: int) -> SceneCost:
        return self._costs[index]

    def estimate(self) -> Estimate:
        return self._estimate

    def scene_length(self, index: int) -> SceneLength:
        length = self._lengths[index]
        if length is None:
            voice = effective_voice(self._storyboard, index)
            length = self._lengths[index] = scene_length(self._storyboard.scenes[index], voice)
        return length

    def length_estimate(self) -> LengthEstimate:
        if self._length_total is None:
            self._length_total = summarize_lengths([self.scene_length(i) for i in range(self.scene_count())])
        return self._length_total

    def _forget_lengths(self) -> None:
        self._lengths = [None] * len(self._storyboard.scenes)
        self._length_total = None

    def scene_findings(self, index: int) -> list[Finding]:
        """Errors and not-dismissed advice for one scene."""
        connected = [f for f in self._connection_findings if f.scene == index + 1]
        return _visible(self._scene_findings[index] + connected, self._storyboard.scenes[index].dismissed_advice)

    def video_findings(self) -> list[Finding]:
        connected = [f for f in self._connection_findings if f.scene is None]
        return _visible(self._video_findings + connected, self._storyboard.dismissed_advice)

    def errors(self) -> list[Finding]:
        scene_errors = [f for findings in self._scene_findings for f in findings if f.is_error]
        connection_errors = [f for f in self._connection_findings if f.is_error]
        return [f for f in self._video_findings if f.is_error] + scene_errors + connection_errors

    def set_known_speakers(self, known: frozenset[str] | None) -> None:
        """The account's voices arrived (or the connection changed): check every speaker against them."""
        if known != self._known_speakers:
            self._known_speakers = known
            self._connection_findings = self._findings_of_connection()
            self.findingsChanged.emit()
            self.storyboardChanged.emit()

    def set_server_on_this_computer(self, local: bool | None) -> None:
        """The connection changed (sandbox or account): addresses on this computer are errors for an account."""
        if local != self._server_on_this_computer:
            self._server_on_this_computer = local
            self._connection_findings = self._findings_of_connection()
            self.findingsChanged.emit()
            self.storyboardChanged.emit()

    def _findings_of_connection(self) -> list[Finding]:
        storyboard = self._storyboard
        local = check_local_addresses(storyboard, server_on_this_computer=self._server_on_this_computer)
        return check_speakers(storyboard, self._known_speakers) + local

    # ------------------------------------------------------------------------------------- changing

    def start_over(self, storyboard: Storyboard) -> None:
        self.aboutToReset.emit()
        self._storyboard = storyboard
        self._recheck_everything()
        self.reset.emit()

    def apply_video(self, storyboard: Storyboard) -> None:
        """The video-level fields of ``storyboard`` (its scenes are the current ones)."""
        ratio_changed = storyboard.aspect_ratio != self._storyboard.aspect_ratio
        if storyboard.unknown.values.get("voiceOver") != self._storyboard.unknown.values.get("voiceOver"):
            self._forget_lengths()  # the video's voice (and its speed) times every scene
        self._storyboard = replace(storyboard, scenes=self._storyboard.scenes)
        self._video_findings = check_video(self._storyboard, self.catalog)
        self.videoChanged.emit()
        if ratio_changed:
            # Which models can make which shapes is a per-scene check, so every scene is re-checked.
            for index in range(self.scene_count()):
                self._recheck_scene(index)
                self.sceneChanged.emit(index)
        self.changed()

    def apply_scene(self, index: int, scene: Scene) -> None:
        retime = _timing(scene) != _timing(self._storyboard.scenes[index])  # a prompt keystroke keeps it
        self._storyboard = self._storyboard.replace_scene(index, scene)
        self._recheck_scene(index, retime=retime)
        self._video_findings = check_video(self._storyboard, self.catalog)
        self.sceneChanged.emit(index)
        self.changed()

    def apply_insert(self, index: int, scenes: Sequence[Scene]) -> None:
        last = index + len(scenes) - 1
        self.scenesAboutToBeInserted.emit(index, last)
        current = self._storyboard.scenes
        self._storyboard = replace(self._storyboard, scenes=(*current[:index], *scenes, *current[index:]))
        self._costs[index:index] = [scene_cost(s, self.catalog) for s in scenes]
        self._lengths[index:index] = [None] * len(scenes)
        self._length_total = None
        self._recheck_findings_from(index)
        self.scenesInserted.emit(index, last)
        self.changed()

    def apply_remove(self, index: int, count: int) -> None:
        last = index + count - 1
        self.scenesAboutToBeRemoved.emit(index, last)
        current = self._storyboard.scenes
        self._storyboard = replace(self._storyboard, scenes=(*current[:index], *current[last + 1 :]))
        del self._costs[index : last + 1]
        del self._lengths[index : last + 1]
        self._length_total = None
        self._recheck_findings_from(index)
        self.scenesRemoved.emit(index, last)
        self.changed()

    def apply_order(self, order: Sequence[int]) -> None:
        """Rearrange scenes so that new position i holds the scene now at ``order[i]``, one move at a time."""
        current = list(range(len(order)))  # current[i]: original index of the scene now at i
        for target, original in enumerate(order):
            source = current.index(original)
            if source == target:
                continue
            self.sceneAboutToBeMoved.emit(source, target)
            scenes = list(self._storyboard.scenes)
            scenes.insert(target, scenes.pop(source))
            self._costs.insert(target, self._costs.pop(source))
            self._lengths.insert(target, self._lengths.pop(source))
            self._length_total = None
            current.insert(target, current.pop(source))
            self._storyboard = replace(self._storyboard, scenes=tuple(scenes))
            self._recheck_findings_from(target)
            self.sceneMoved.emit(source, target)
        self.changed()

    def changed(self) -> None:
        """After any change: the total, and everyone who shows findings or the storyboard, are told."""
        self._connection_findings = self._findings_of_connection()
        self._estimate = summarize(tuple(self._costs))
        self.totalsChanged.emit()
        self.findingsChanged.emit()
        self.storyboardChanged.emit()

    # ---------------------------------------------------------------------------------------- caches

    def _recheck_scene(self, index: int, *, retime: bool = True) -> None:
        scene = self._storyboard.scenes[index]
        self._costs[index] = scene_cost(scene, self.catalog)
        if retime:
            self._lengths[index] = None
            self._length_total = None
        self._scene_findings[index] = check_scene(scene, index, self.catalog, self._storyboard.aspect_ratio)

    def _recheck_findings_from(self, first: int) -> None:
        # Findings name their scene by number and path, so every scene after a structural change moved.
        scenes = self._storyboard.scenes
        ratio = self._storyboard.aspect_ratio
        del self._scene_findings[first:]
        self._scene_findings += [check_scene(scenes[i], i, self.catalog, ratio) for i in range(first, len(scenes))]
        self._video_findings = check_video(self._storyboard, self.catalog)

    def _recheck_everything(self) -> None:
        self._connection_findings = self._findings_of_connection()
        self._costs = [scene_cost(s, self.catalog) for s in self._storyboard.scenes]
        self._forget_lengths()
        self._scene_findings = []
        self._recheck_findings_from(0)


def _timing(scene: Scene) -> tuple[object, ...]:
    """What a scene's length depends on (domain/length.py): its words, how they split, its own voice and
    timing fields (kept in ``unknown``), and an AI clip's duration."""
    background = scene.background
    clip = background.duration if isinstance(background, AiVideo) else None
    return (scene.story, scene.split_on_sentences, scene.split_on_lines, scene.unknown, clip)


def _visible(findings: Iterable[Finding], dismissed: frozenset[str]) -> list[Finding]:
    return [f for f in findings if f.is_error or f.dismissal_key not in dismissed]
