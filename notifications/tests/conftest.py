import pytest


@pytest.fixture
def template_dir(settings, tmp_path):
    """A `greeting` notification with subject, text and HTML templates."""
    folder = tmp_path / "emails"
    folder.mkdir()
    (folder / "greeting.subject.txt").write_text("Hello\n {{ name }}")
    (folder / "greeting.txt").write_text("Dear {{ name }}, welcome.")
    (folder / "greeting.html").write_text("<p>Dear <b>{{ name }}</b></p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    return folder
