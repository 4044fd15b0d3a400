"""Mandarin sound for the Audio field, made offline with espeak-ng.

espeak-ng reads the term's numbered pinyin (its `cmn-latn-pinyin` voice), not the characters: our
pinyin reads each word as the sentence does (重洋轻土 is zhòng…), where the engine's guess is often wrong.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import FlashcardsError

ENGINE = "espeak-ng"
VOICE = "cmn-latn-pinyin"
SPEED = 130  # words per minute: slower than the default 175, for learners


class SpeechEngineMissing(FlashcardsError):
    """espeak-ng is not installed."""


class SpeechError(FlashcardsError):
    """espeak-ng ran but made no sound."""


@dataclass(frozen=True)
class Sound:
    """A sound file to ship in the package and the name the Audio field refers to."""

    name: str
    path: Path

    @property
    def field(self) -> str:
        return f"[sound:{self.name}]"


def find_engine() -> str:
    """The path of espeak-ng, or a one-line error saying how to get it."""
    engine = shutil.which(ENGINE)
    if engine is None:
        raise SpeechEngineMissing(f"--audio needs the speech engine {ENGINE}, which is not installed "
                                  f"(Debian/Ubuntu: apt-get install {ENGINE})")
    return engine


def sound_name(numbered_pinyin: str) -> str:
    """A file name fixed by what is said, so the same reading is the same media file in every build."""
    digest = hashlib.sha256(f"{VOICE}/{SPEED}/{numbered_pinyin}".encode()).hexdigest()[:16]
    return f"flashcards-{digest}.wav"


def speak(numbered_pinyin: str, *, folder: Path, engine: str) -> Sound:
    """Say the syllables ("tu3 fa3") into a WAV file in `folder`."""
    name = sound_name(numbered_pinyin)
    target = folder / name
    if not target.exists():
        text = numbered_pinyin.replace("5", "").strip()  # espeak-ng reads a bare syllable as the neutral tone
        result = subprocess.run([engine, "-v", VOICE, "-s", str(SPEED), "-w", str(target), text],
                                capture_output=True, text=True, check=False)
        if result.returncode != 0 or not target.exists() or target.stat().st_size == 0:
            reason = (result.stderr.strip().splitlines() or ["no output"])[-1]
            raise SpeechError(f"{ENGINE} could not say {numbered_pinyin!r}: {reason}")
    return Sound(name=name, path=target)
