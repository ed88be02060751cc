from __future__ import annotations

import os
import time

from pictory_desktop.store.atomic import atomic_writer, remove_stale_partials


def test_stale_partials_of_the_same_file_are_removed_fresh_and_foreign_ones_kept(tmp_path):
    target = tmp_path / "Launch video.mp4"
    stale = tmp_path / ".Launch video.mp4.a1b2c3.part"
    fresh = tmp_path / ".Launch video.mp4.d4e5f6.part"  # another window is writing this one right now
    other = tmp_path / ".Other.mp4.a1b2c3.part"
    users = tmp_path / "Launch video.mp4.part"  # not our naming: never touched
    for path in (stale, fresh, other, users):
        path.write_bytes(b"x" * 10)
    old = time.time() - 600
    for path in (stale, other, users):
        os.utime(path, (old, old))
    assert remove_stale_partials(target) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (fresh, other, users))


def test_a_file_name_with_glob_characters_only_matches_itself(tmp_path):
    target = tmp_path / "Sale [50%].mp4"
    mine = tmp_path / ".Sale [50%].mp4.zz.part"
    lookalike = tmp_path / ".Sale 5.mp4.zz.part"
    for path in (mine, lookalike):
        path.write_bytes(b"x")
        os.utime(path, (0, 0))
    assert remove_stale_partials(target) == [mine]


def test_the_writer_names_its_temp_file_the_way_the_cleaner_expects(tmp_path):
    target = tmp_path / "video.mp4"
    with atomic_writer(target) as handle:
        handle.write(b"partial")
        [temp] = list(tmp_path.iterdir())
        assert temp.name.startswith(".video.mp4.") and temp.name.endswith(".part")
        assert remove_stale_partials(target) == []  # being written right now: not stale
    assert target.read_bytes() == b"partial"


def test_a_good_save_clears_what_a_killed_save_of_the_same_file_left(tmp_path):
    from pictory_desktop.domain.body import storyboard_from_body
    from pictory_desktop.store.project_files import save_project_file

    project = tmp_path / "launch.json"
    killed = tmp_path / ".launch.json.k1ll3d.part"  # as a SIGKILL during an earlier save leaves it
    killed.write_bytes(b'{"videoName": "half')
    long_ago = time.time() - 3600
    os.utime(killed, (long_ago, long_ago))
    save_project_file(project, storyboard_from_body({"videoName": "Launch", "scenes": [{"story": "Hello."}]}))
    assert project.is_file() and not killed.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["launch.json"]
