"""Keep a process off the network, enforced by the kernel (seccomp).

After no_network() the process (and any child it makes) cannot create any
socket but a local (AF_UNIX) one, nor set up io_uring (which can make sockets
without the socket() call): the call fails with ENONET. Code in any language
running in the process (Oxigraph's Rust HTTP client included) is held by it,
whatever text it was given. No privileges are needed (PR_SET_NO_NEW_PRIVS).
"""

from __future__ import annotations

import ctypes
import errno
import platform
import struct

# What the kernel answers a refused call with.
REFUSED_ERRNO = errno.ENONET

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
# BPF instructions (linux/filter.h)
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_RET_K = 0x06
# seccomp_data: nr at 0, arch at 4, args[0] at 16 (low half, little-endian)
_NR, _ARCH, _ARG0 = 0, 4, 16
_AF_UNIX = 1
# machine -> (AUDIT_ARCH_*, socket, io_uring_setup)
_ARCHES = {
    "x86_64": (0xC000003E, 41, 425),
    "aarch64": (0xC00000B7, 198, 425),
}
_X32_BIT = 0x40000000


class NoFenceError(OSError):
    """The kernel fence cannot be set up here (another machine type, no seccomp)."""


def _program(arch: int, socket_nr: int, io_uring_nr: int) -> list[tuple[int, int, int, int]]:
    refuse = _RET_ERRNO | REFUSED_ERRNO
    return [
        (_LD_W_ABS, 0, 0, _ARCH),
        (_JEQ_K, 1, 0, arch),
        (_RET_K, 0, 0, refuse),  # another ABI (32-bit calls): nothing at all
        (_LD_W_ABS, 0, 0, _NR),
        (_JGE_K, 0, 1, _X32_BIT),
        (_RET_K, 0, 0, refuse),  # x32 calls
        (_JEQ_K, 0, 1, io_uring_nr),
        (_RET_K, 0, 0, refuse),
        (_JEQ_K, 0, 3, socket_nr),
        (_LD_W_ABS, 0, 0, _ARG0),
        (_JEQ_K, 1, 0, _AF_UNIX),
        (_RET_K, 0, 0, refuse),
        (_RET_K, 0, 0, _RET_ALLOW),
    ]


def no_network() -> None:
    """Refuse network sockets to this process from now on (NoFenceError if impossible)."""
    numbers = _ARCHES.get(platform.machine())
    if numbers is None:
        raise NoFenceError(f"no seccomp filter for machine type {platform.machine()!r}")
    program = _program(*numbers)
    raw = b"".join(struct.pack("HBBI", *op) for op in program)
    filters = ctypes.create_string_buffer(raw, len(raw))

    class _Prog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = _Prog(len(program), ctypes.addressof(filters))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [
        ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong
    ]  # fmt: skip
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, None, 0, 0) != 0:
        raise NoFenceError(ctypes.get_errno(), "PR_SET_NO_NEW_PRIVS refused")
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        raise NoFenceError(ctypes.get_errno(), "seccomp filter refused")
