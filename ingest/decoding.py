"""Bytes → text. The newsroom receives UTF-8, UTF-8 with a BOM and undeclared GB18030/GBK."""

from ingest.record import DocumentError

BOM = b"\xef\xbb\xbf"


def decode(data):
    """Return ``(text, encoding)`` with newlines normalised to ``\\n``.

    Tries UTF-8 (strict) first: GB18030 decodes almost any byte string, so it can only
    be the fallback. NUL bytes mean a binary or UTF-16 file: refused, never stored as
    mojibake.
    """
    if not data:
        raise DocumentError("空文件")
    if b"\x00" in data:
        raise DocumentError("含有 NUL 字节（二进制文件或 UTF-16），无法作为文本导入")
    if data.startswith(BOM):
        encoding, payload = "utf-8-sig", data[len(BOM) :]
        try:
            text = payload.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DocumentError(f"带 BOM 但不是合法的 UTF-8（第 {exc.start} 字节）") from None
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("gb18030"), "gb18030"
            except UnicodeDecodeError as exc:
                raise DocumentError(
                    f"无法识别的编码（既不是 UTF-8 也不是 GB18030，第 {exc.start} 字节）"
                ) from None
            if not _looks_like_text(text):
                raise DocumentError("无法识别的编码（解码结果不是中文文本）") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding


def _looks_like_text(text):
    """GB18030 accepts random bytes; real Chinese text is mostly common CJK and ASCII."""
    if not text:
        return False
    sample = text[:20000]
    good = sum(
        1
        for ch in sample
        if ch.isascii()
        or "\u4e00" <= ch <= "\u9fff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or ch in "“”‘’…—·"
    )
    return good / len(sample) > 0.9
