"""Which encoding a price list's bytes are in, so a file that is not UTF-8 is refused by name ("it looks like
Windows-1251: save it as UTF-8"), not by the first broken character it happens to hold."""

import codecs

# byte order marks, longest first (UTF-32-LE's starts with UTF-16-LE's)
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


# how much of a file the guess looks at: enough for a few lines of any price list
_SAMPLE_BYTES = 64 * 1024


def byte_order_mark(content: bytes) -> tuple[bytes, str, str] | None:
    """(mark, codec, name) of the byte order mark the content starts with; None without one."""
    for mark, codec, name in BYTE_ORDER_MARKS:
        if content.startswith(mark):
            return mark, codec, name
    return None


def guess_encoding(content: bytes) -> str | None:
    """The name of the encoding bytes that are not UTF-8 look like (for a message), None if no guess:
    UTF-16 (every other byte 0 or 4: Latin or Cyrillic text), else Windows-1251 (as Russian Excel and
    Notepad save) or KOI8-R when its reading turns the bytes above 127 into Cyrillic text."""
    sample = content[:_SAMPLE_BYTES]
    for high_bytes, name in ((sample[1::2], "UTF-16-LE"), (sample[0::2], "UTF-16-BE")):
        # the high byte of each character: 0 for ASCII, 4 for Cyrillic
        if len(high_bytes) > 1 and (high_bytes.count(0) + high_bytes.count(4)) * 10 >= len(high_bytes) * 9:
            return name
    high = sum(1 for byte in sample if byte > 127)
    if high < 4:  # a word or two: too little to tell Cyrillic from a stray accented letter
        return None
    for codec, name in (("cp1251", "Windows-1251"), ("koi8-r", "KOI8-R")):
        letters = [character for character in sample.decode(codec, "replace") if "\u0400" <= character <= "\u04ff"]
        # each reads the other's bytes as Cyrillic too, mostly in capitals: the right one gives about a letter
        # per high byte, mostly lowercase, as written text is
        if len(letters) * 10 >= high * 9 and sum(1 for letter in letters if letter.islower()) * 2 > len(letters):
            return name
    return None
