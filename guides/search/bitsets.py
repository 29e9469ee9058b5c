"""Sets of guides as bits: a set is one whole number whose bit i is set for the guide at
position i (`guides.search.snapshot`), so that intersections, unions and counts over 20,000
guides are `&`, `|` and `bit_count()`, done in C. Scores for every guide at once are kept in bit
planes (`Scores`), and read back in groups of equal score (`descending`).

Sets are built from bytearrays of ASCII "0" and "1" (index i is bit i), filled by `map()` or
slice assignment rather than by a loop in Python: a common word has 20,000 guides.
"""

import re
from collections import deque
from itertools import repeat

ONE = re.compile("1")
ONE_FLAG = ord("1")
# False and True, as bytes, to ASCII "0" and "1".
TRUTHS_TO_FLAGS = bytes.maketrans(b"\x00\x01", b"01")


def bits_of(positions):
    """The set of `positions` as one whole number: bit i is set for position i."""
    positions = list(positions)
    if not positions:
        return 0
    flags = bytearray(b"0") * (max(positions) + 1)
    set_all(flags, positions)
    return flags_to_bits(flags)


def bits_of_truths(truths):
    """The set of the positions at which `truths` (a boolean for each position, from 0) is true:
    read into bytes in C, without listing the positions (twice as fast for 20,000 titles)."""
    return flags_to_bits(bytearray(truths).translate(TRUTHS_TO_FLAGS))


def set_all(flags, positions):
    """Set `flags` at every one of `positions`, in C (`map`), without a loop in Python."""
    deque(map(flags.__setitem__, positions, repeat(ONE_FLAG)), maxlen=0)


def bits_of_ranges(ranges):
    """The set of the positions in `ranges`, (start, end) pairs in ascending order."""
    if not ranges:
        return 0
    flags = bytearray(b"0") * ranges[-1][1]
    for start, end in ranges:
        flags[start:end] = b"1" * (end - start)
    return flags_to_bits(flags)


def flags_to_bits(flags):
    """A bytearray of ASCII 0s and 1s, whose index i is bit i, as one whole number."""
    if not flags:  # no public guide at all
        return 0
    flags.reverse()
    return int(flags, 2)


def binary(bits):
    """`bits` as a string of 0s and 1s whose index i is bit i."""
    return format(bits, "b")[::-1] if bits else ""


def positions_of(bits):
    """The positions set in `bits`, in ascending order."""
    return [match.start() for match in ONE.finditer(binary(bits))]


class Scores:
    """A whole-number score for every guide, held as bit planes: plane i has bit i of each
    guide's score. Adding a weight to a set of guides is a few `^` and `&` per plane."""

    def __init__(self):
        self.planes = []

    def add(self, bits, weight):
        for place in range(weight.bit_length()):
            if not weight >> place & 1:
                continue
            carry, plane = bits, place
            while carry:
                while len(self.planes) <= plane:
                    self.planes.append(0)
                current = self.planes[plane]
                self.planes[plane] = current ^ carry
                carry &= current
                plane += 1

    @property
    def most_significant_first(self):
        return self.planes[::-1]


def descending(candidates, planes):
    """`candidates` in groups of equal score, highest first, for scores held in `planes` (most
    significant first). Each group lists its guides in reading order."""
    groups = [candidates] if candidates else []
    for plane in planes:
        groups = [part for group in groups for part in (group & plane, group & ~plane) if part]
    return groups
