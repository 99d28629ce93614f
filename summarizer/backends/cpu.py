"""Whether llama.cpp may use its AMX kernels in this build.

llama-cpp-python is built from source for the machine's own instruction set. On a CPU that
reports AMX (Intel Xeon since Sapphire Rapids) the build compiles ggml's AMX matrix kernels and
uses them for the model's Q4_K weights, through llama.cpp's "extra buffer types". In
llama-cpp-python 0.3.36 built by gcc 12 those kernels die with SIGILL at their first tile
instruction (seen here: every article died at its first question, 'trap invalid opcode ...
tilezero' in libggml-cpu.so; upstream, ggml-org/llama.cpp pull request 26954: the compiler drops
the tile configuration kept on the stack, and worker threads never ask for the tile state). The
same instructions run in a child process of our own, so the CPU is fine; ggml's use of them is
not. ggml has no switch to turn AMX off at run time, so a build that reports AMX loads the model
without extra buffer types: no AMX kernels and no weight repacking, slower, never a crash.
"""

from __future__ import annotations

from functools import lru_cache


def system_info() -> str:
    """llama.cpp's report of the instruction sets this build uses ('AMX_INT8 = 1 | ...'); empty
    without llama-cpp-python (loading the model then says how to install it)."""
    try:
        import llama_cpp
    except ImportError:
        return ""
    return llama_cpp.llama_print_system_info().decode("utf-8", errors="replace")


def uses_amx(info: str) -> bool:
    return "AMX_INT8 = 1" in info or "AMX_BF16 = 1" in info


@lru_cache(maxsize=1)
def extra_buffers_safe() -> bool:
    """Whether the model may be loaded with llama.cpp's extra buffer types (the default)."""
    return not uses_amx(system_info())
