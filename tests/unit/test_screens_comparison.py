"""The screen tests' comparison (tests/support/screens.py): what it lets through, what not."""

import io

from PIL import Image, ImageDraw

from tests.support.screens import AREA_TOLERANCE, compare


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def page(width: int = 200, height: int = 100) -> Image.Image:
    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).rectangle((20, 20, 80, 40), fill="#b3330f")
    return image


def test_the_same_picture_and_faint_antialiasing_pass(tmp_path):
    reference = tmp_path / "ref.png"
    page().save(reference)
    assert compare(png(page()), reference, tmp_path / "diff.png") is None
    nearly = page()
    nearly.putpixel((20, 20), (190, 60, 25))  # a channel moved by less than the tolerance
    assert compare(png(nearly), reference, tmp_path / "diff.png") is None


def test_a_moved_block_fails_and_says_where(tmp_path):
    reference = tmp_path / "ref.png"
    page().save(reference)
    moved = Image.new("RGB", (200, 100), "white")
    ImageDraw.Draw(moved).rectangle((30, 20, 90, 40), fill="#b3330f")
    problem = compare(png(moved), reference, tmp_path / "diff.png")
    assert problem is not None and "of the pixels changed" in problem
    assert (tmp_path / "diff.png").exists()


def test_changes_up_to_the_tolerance_pass_and_one_pixel_more_fails(tmp_path):
    reference = tmp_path / "ref.png"
    Image.new("RGB", (100, 100), "white").save(reference)
    allowed = int(100 * 100 * AREA_TOLERANCE)
    for changed, passes in ((allowed, True), (allowed + 1, False)):
        image = Image.new("RGB", (100, 100), "white")
        for i in range(changed):
            image.putpixel((i % 100, i // 100), (0, 0, 0))
        assert (compare(png(image), reference, tmp_path / "diff.png") is None) is passes


def test_another_size_or_no_reference_fails_naming_the_way_to_renew(tmp_path):
    reference = tmp_path / "ref.png"
    page().save(reference)
    taller = compare(png(page(height=120)), reference, tmp_path / "diff.png")
    assert taller is not None and "make screenshots" in taller
    missing = compare(png(page()), tmp_path / "none.png", tmp_path / "diff.png")
    assert missing is not None and "no reference none.png" in missing
