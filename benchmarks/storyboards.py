"""Realistic, varied storyboards for the benchmarks, generated from a seed (same seed, same file).

A marketer's storyboard mixes AI images and clips with colours and picture links; stories run one to
several sentences, some split on sentences or lines; prompts are 6-40 words, now and then with a
negative ("no people"), numbers or quotes, accented letters or an emoji; a few scenes carry a typo
in a field name or an over-long prompt, so the checks have something to find.
"""

from __future__ import annotations

import random
from typing import Any

_SUBJECTS = [
    "a modern office with glass walls",
    "a sunny café terrace in Lisbon",
    "a team around a whiteboard",
    "a close-up of hands typing on a laptop",
    "a rooftop garden at dusk",
    "a warehouse with neat rows of parcels",
    "a smiling customer opening a box",
    "a mountain road at sunrise",
    "a cosy living room with plants",
    "a futuristic city skyline",
    "a barista pouring latte art",
    "a runner crossing a bridge",
]
_DETAILS = [
    "soft morning light",
    "warm golden hour glow",
    "calm mood",
    "shallow depth of field",
    "vibrant colours",
    "cinematic composition",
    "pastel palette",
    "wide angle",
    "high detail",
    "gentle fog",
    "crisp reflections",
    "natural textures",
]
_EXTRAS = [
    "with no people in the background",
    "showing a sign that says “Open”",
    "with 50% off banners",
    "façade in crème and rosé tones",
    "with a 🚀 rocket sticker on the laptop",
    "without clutter",
    "with the headline in bold letters",
]
_SENTENCES = [
    "Our spring sale starts today.",
    "Everything in the shop is twenty percent off!",
    "Meet the team that makes it happen.",
    "Orders ship within 24 hours… even on weekends.",
    "Why wait?",
    "Customers love the new design, and it shows.",
    "Sign up before Friday to get early access.",
    "It takes less than 3.5 minutes to set up.",
    "Naïve questions welcome — we answer them all.",
    "We plant a tree for every order 🌳.",
]
_IMAGE_MODELS = ["flux-schnell", "seedream3.0", "nanobanana", "nanobanana-pro"]
_VIDEO_MODELS = [("pixverse5.5", ["5s", "8s", "10s"]), ("veo3.1_fast", ["4s", "6s", "8s"]), ("veo3.1", ["4s", "8s"])]
_STYLES = ["photorealistic", "artistic", "cartoon", "minimalist", "vintage", "futuristic"]


def _prompt(rng: random.Random) -> str:
    words = [rng.choice(_SUBJECTS)] + rng.sample(_DETAILS, rng.randint(1, 4))
    if rng.random() < 0.25:
        words.append(rng.choice(_EXTRAS))
    prompt = ", ".join(words)
    roll = rng.random()
    if roll < 0.01:
        prompt = (prompt + ", ") * 12  # over the limit
    elif roll < 0.04:
        prompt = rng.choice(["city", "a dog", "sunset glow"])  # vague
    return prompt


def _story(rng: random.Random) -> str:
    sentences = rng.choices(_SENTENCES, k=rng.randint(1, 4))
    joiner = "\n" if rng.random() < 0.2 else " "
    return joiner.join(sentences)


def scene_body(rng: random.Random) -> dict[str, Any]:
    scene: dict[str, Any] = {"story": _story(rng)}
    if rng.random() < 0.3:
        scene["createSceneOnEndOfSentence"] = True
    if rng.random() < 0.1:
        scene["createSceneOnNewLine"] = True
    roll = rng.random()
    if roll < 0.6:
        ai: dict[str, Any] = {"prompt": _prompt(rng), "model": rng.choice(_IMAGE_MODELS)}
        if rng.random() < 0.8:
            ai["mediaStyle"] = "photorealistic" if rng.random() < 0.7 else rng.choice(_STYLES)
        scene["background"] = {"type": "image", "aiVisual": ai}
    elif roll < 0.8:
        model, durations = rng.choice(_VIDEO_MODELS)
        ai = {"prompt": _prompt(rng), "model": model, "videoDuration": rng.choice(durations)}
        scene["background"] = {"type": "video", "aiVisual": ai}
    elif roll < 0.9:
        scene["background"] = {"color": rng.choice(["#1f2937", "#ffffff", "#ff6600"])}
    elif roll < 0.97:
        scene["background"] = {"type": "image", "visualUrl": f"https://cdn.example.com/img/{rng.randint(1, 9999)}.jpg"}
    if rng.random() < 0.05:
        scene["minimumDuration"] = rng.randint(3, 8)
    if rng.random() < 0.005:
        scene["hideSubtitle"] = True  # a typo of hideSubtitles: the checks must catch it
    return scene


def storyboard_body(scenes: int, seed: int = 1) -> dict[str, Any]:
    rng = random.Random(seed)
    return {
        "videoName": "Spring campaign",
        "aspectRatio": "16:9",
        "voiceOver": {"enabled": True, "aiVoices": [{"speaker": "Brian"}]},
        "backgroundMusic": {"enabled": True, "volume": 0.2},
        "scenes": [scene_body(rng) for _ in range(scenes)],
    }
