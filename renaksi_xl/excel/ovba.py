"""MS-OVBA compression (section 2.4.1), for the VBA source streams of the add-in.

A compressed container is the signature byte ``0x01`` followed by chunks, each holding at
most 4096 bytes of data: a 2-byte header (size − 3 in 12 bits, the signature ``0b011``,
and a flag) then either the 4096 raw bytes, or groups of a flag byte and eight tokens,
each a literal byte or a 2-byte copy token (offset and length back into the chunk).

PyPI's ms-ovba-compression corrupts streams longer than about 650 bytes; this is the
algorithm as the specification gives it, tested against oletools' decompression.
"""

from __future__ import annotations

CHUNK = 4096
_MIN_MATCH = 3


def _copy_token_bits(position: int) -> tuple[int, int]:
    """(bit count of the offset, maximum length) at ``position`` bytes into the chunk."""
    bits = max((position - 1).bit_length(), 4)
    return bits, (0xFFFF >> bits) + _MIN_MATCH


def _longest_match(data: bytes, start: int, current: int, end: int) -> tuple[int, int]:
    """(offset, length) of the longest earlier copy of the bytes at ``current`` within the
    chunk, or (0, 0) when none is as long as 3 bytes."""
    _, maximum = _copy_token_bits(current - start)
    limit = min(maximum, end - current)
    best_length, best_offset = 0, 0
    if limit < _MIN_MATCH:
        return 0, 0
    head = data[current : current + _MIN_MATCH]
    candidate = data.rfind(head, start, current + _MIN_MATCH - 1)
    while candidate != -1 and candidate >= start:
        if candidate >= current:
            candidate = data.rfind(head, start, candidate + _MIN_MATCH - 1)
            continue
        length = _MIN_MATCH
        while length < limit and data[candidate + length] == data[current + length]:
            length += 1
        if length > best_length:
            best_length, best_offset = length, current - candidate
            if length == limit:
                break
        if candidate == start:
            break
        candidate = data.rfind(head, start, candidate + _MIN_MATCH - 2)
    return (best_offset, best_length) if best_length >= _MIN_MATCH else (0, 0)


def _compress_chunk(data: bytes, start: int, end: int) -> bytes:
    out = bytearray()
    current = start
    while current < end:
        flags = 0
        tokens = bytearray()
        for bit in range(8):
            if current >= end:
                break
            offset, length = _longest_match(data, start, current, end)
            if length:
                bits, _ = _copy_token_bits(current - start)
                token = ((offset - 1) << (16 - bits)) | (length - _MIN_MATCH)
                tokens += token.to_bytes(2, "little")
                flags |= 1 << bit
                current += length
            else:
                tokens.append(data[current])
                current += 1
        out.append(flags)
        out += tokens
    return bytes(out)


def compress(data: bytes) -> bytes:
    """The compressed container of ``data``."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        end = min(start + CHUNK, len(data))
        body = _compress_chunk(data, start, end)
        if len(body) > CHUNK:
            # incompressible: a raw chunk, always 4096 bytes, a short last one padded with
            # zeros as the specification says (VBA source text never gets here)
            out += (0b011 << 12 | (CHUNK + 2 - 3)).to_bytes(2, "little")
            out += data[start:end].ljust(CHUNK, b"\x00")
            continue
        header = (len(body) + 2 - 3) | (0b011 << 12) | (1 << 15)
        out += header.to_bytes(2, "little")
        out += body
    return bytes(out)


def decompress(container: bytes) -> bytes:
    """The data of a compressed container (the inverse of :func:`compress`)."""
    if not container or container[0] != 1:
        raise ValueError("bukan kontainer MS-OVBA (tanda tangan 0x01 tidak ada)")
    out = bytearray()
    position = 1
    while position < len(container):
        header = int.from_bytes(container[position : position + 2], "little")
        size = (header & 0x0FFF) + 3
        compressed = header >> 15
        chunk_end = min(position + size, len(container))
        position += 2
        start = len(out)
        if not compressed:
            out += container[position : position + CHUNK]
            position += CHUNK
            continue
        while position < chunk_end:
            flags = container[position]
            position += 1
            for bit in range(8):
                if position >= chunk_end:
                    break
                if flags >> bit & 1:
                    token = int.from_bytes(container[position : position + 2], "little")
                    position += 2
                    bits, _ = _copy_token_bits(len(out) - start)
                    length = (token & (0xFFFF >> bits)) + _MIN_MATCH
                    offset = (token >> (16 - bits)) + 1
                    for _ in range(length):
                        out.append(out[-offset])
                else:
                    out.append(container[position])
                    position += 1
    return bytes(out)
