"""The draft's sound: the chosen music (its audio given by the caller) at the storyboard's volume, looped and cut to
the video's length, silent under scenes that switch the music off, faded out at the end, encoded as AAC.

Everything is done by FFmpeg's own filters (``volume``, ``aformat``, ``atrim``, ``afade``) through PyAV, so no
sample is touched in Python and no numpy is needed. The music is decoded as it is needed and streamed, so memory
does not grow with the draft's length. There is no narration: the app does not synthesise voices.
"""

from __future__ import annotations

import io
from collections.abc import Generator, Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # PyAV is imported when a draft is made, never when the app starts
    from av.audio.frame import AudioFrame
    from av.audio.stream import AudioStream
    from av.container import InputContainer, OutputContainer
    from av.filter.graph import Graph
    from av.packet import Packet

SAMPLE_RATE = 48_000
AAC_FRAME = 1024  # samples per AAC-LC frame: the encoder wants exactly this many but in the last one
BIT_RATE = 128_000
FADE_OUT_SECONDS = 1.5

MusicAudio = bytes | Path


class MusicUnreadable(Exception):
    """The music's audio could not be decoded; the message says why, as a sentence."""


def _open(audio: MusicAudio) -> InputContainer:
    import av

    source = io.BytesIO(audio) if isinstance(audio, bytes) else str(audio)
    return av.open(source, mode="r")


def check_music(audio: MusicAudio) -> None:
    """Raises ``MusicUnreadable`` unless ``audio`` holds at least one decodable frame of sound."""
    from av.error import FFmpegError

    try:
        with _open(audio) as container:
            if not container.streams.audio:
                raise MusicUnreadable("The music file holds no sound.")
            for _ in container.decode(audio=0):
                return
    except (FFmpegError, OSError) as exc:
        raise MusicUnreadable(f"The music could not be read ({exc}).") from exc
    raise MusicUnreadable("The music file holds no sound.")


def muted_ranges(spans: Sequence[tuple[float, float, bool]]) -> list[tuple[float, float]]:
    """(start, end) of each stretch where the music is off, from (start, end, music plays) spans; touching
    stretches are joined, so a long video with many silent scenes has few filters."""
    ranges: list[tuple[float, float]] = []
    for start, end, plays in spans:
        if plays or end <= start:
            continue
        if ranges and abs(ranges[-1][1] - start) < 1e-6:
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((start, end))
    return ranges


class Soundtrack:
    """Adds an AAC stream to ``container`` and fills it, a little ahead of the video, with ``encode_until``."""

    def __init__(
        self,
        container: OutputContainer,
        audio: MusicAudio,
        *,
        volume: float,
        seconds: float,
        muted: Sequence[tuple[float, float]] = (),
    ) -> None:
        check_music(audio)
        self._audio = audio
        self._volume = min(1.0, max(0.0, volume))
        self._seconds = seconds
        self._muted = list(muted)
        self._total_samples = max(1, round(seconds * SAMPLE_RATE))
        self.stream: AudioStream = container.add_stream("aac", rate=SAMPLE_RATE)
        self.stream.layout = "stereo"
        self.stream.bit_rate = BIT_RATE
        self._graph: Graph | None = None
        self._decoded = self._looped_music()
        self._fed_samples = 0  # at the music's own rate, across loops
        self._out_samples = 0  # at SAMPLE_RATE, what the filters gave back
        self._finished = False

    def encode_until(self, seconds: float) -> list[Packet]:
        """Packets for the sound up to ``seconds`` (so the muxer can interleave it with the video)."""
        packets: list[Packet] = []
        target = min(self._total_samples, round(seconds * SAMPLE_RATE))
        while not self._finished and self._out_samples < target:
            frame = next(self._decoded, None)
            graph = self._graph_for(frame) if frame is not None else self._graph
            if graph is None:  # the music ended before it gave a single frame
                self._finished = True
                break
            graph.push(frame)
            packets += self._drain(graph)
            if frame is None:
                self._finished = True
        return packets

    def finish(self) -> list[Packet]:
        """The rest of the sound, and the encoder's last packets."""
        packets = self.encode_until(self._seconds)
        if not self._finished and self._graph is not None:
            self._graph.push(None)
            packets += self._drain(self._graph)
            self._finished = True
        self._decoded.close()  # closes the music file if the video ended before the music did
        return packets + list(self.stream.encode(None))

    def _drain(self, graph: Graph) -> list[Packet]:
        import av

        packets: list[Packet] = []
        while True:
            try:
                frame = graph.pull()
            except BlockingIOError:  # PyAV's subclass: the filters want more input
                return packets
            except EOFError:  # atrim has cut at the video's length
                self._finished = True
                return packets
            if isinstance(frame, av.AudioFrame):  # always, from an audio graph
                self._out_samples += frame.samples
                packets += self.stream.encode(frame)

    def _looped_music(self) -> Generator[AudioFrame, None, None]:
        """The music's frames, again from the start each time it ends, with timestamps that keep counting, until
        enough has been decoded; a loop that gives nothing (a damaged file) ends it."""
        from av.error import FFmpegError

        needed_seconds = self._seconds + 1.0
        while True:
            gave = 0
            try:
                with _open(self._audio) as container:
                    for frame in container.decode(audio=0):
                        rate = frame.sample_rate or SAMPLE_RATE
                        frame.pts = self._fed_samples
                        frame.time_base = Fraction(1, rate)
                        self._fed_samples += frame.samples
                        gave += frame.samples
                        yield frame
                        if self._fed_samples / rate >= needed_seconds:
                            return
            except FFmpegError:
                pass  # a damaged tail: what was decoded plays, then the music starts again
            if gave == 0:
                return

    def _graph_for(self, frame: AudioFrame) -> Graph:
        if self._graph is not None:
            return self._graph
        from av.filter.graph import Graph

        graph = Graph()
        rate = frame.sample_rate or SAMPLE_RATE
        chain = [
            graph.add_abuffer(
                sample_rate=rate,
                format=frame.format.name,
                layout=frame.layout.name,
                time_base=Fraction(1, rate),
            ),
            graph.add("volume", f"volume={self._volume:.4f}"),
        ]
        chain += [
            graph.add("volume", f"volume=0:enable='between(t,{start:.3f},{end:.3f})'") for start, end in self._muted
        ]
        fade = min(FADE_OUT_SECONDS, self._seconds / 4)
        chain += [
            graph.add("aformat", f"sample_fmts=fltp:sample_rates={SAMPLE_RATE}:channel_layouts=stereo"),
            graph.add("atrim", f"end_sample={self._total_samples}"),
            graph.add("afade", f"t=out:st={max(0.0, self._seconds - fade):.3f}:d={fade:.3f}"),
            graph.add("abuffersink"),
        ]
        graph.link_nodes(*chain)
        graph.configure()
        graph.set_audio_frame_size(AAC_FRAME)
        self._graph = graph
        return graph
