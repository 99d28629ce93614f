"""A llama.cpp build with AMX kernels loads the model without extra buffer types (cpu.py): on
this machine's CPU those kernels died with SIGILL at the first question of every article."""

from __future__ import annotations

import llama_cpp.llama_cpp as low

from summarizer.backends import cpu
from summarizer.backends.embedded import EmbeddedBackend, llama_model_params

WITH_AMX = ("CPU : SSE3 = 1 | AVX2 = 1 | AVX512 = 1 | AVX512_BF16 = 1 | AMX_INT8 = 1 | LLAMAFILE = 1 | "
            "OPENMP = 1 | REPACK = 1 | ")
LAPTOP = "CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | BMI2 = 1 | LLAMAFILE = 1 | REPACK = 1 | "


def test_a_build_reporting_amx_is_read_as_such():
    assert cpu.uses_amx(WITH_AMX)
    assert not cpu.uses_amx(LAPTOP)
    assert not cpu.uses_amx("CPU : AMX_INT8 = 0 | AVX2 = 1 | ")


def test_this_build_is_read_from_llama_cpp_itself():
    info = cpu.system_info()
    assert "AVX" in info or "NEON" in info
    assert cpu.extra_buffers_safe() is not cpu.uses_amx(info)


def test_model_parameters_llama_does_not_take_are_set_while_loading_and_restored():
    assert low.llama_model_default_params().use_extra_bufts is True
    with llama_model_params(use_extra_bufts=False):
        assert low.llama_model_default_params().use_extra_bufts is False
    assert low.llama_model_default_params().use_extra_bufts is True


def test_whether_extra_buffers_are_used_is_part_of_the_cache_key(monkeypatch):
    backend = EmbeddedBackend()
    monkeypatch.setattr("summarizer.backends.embedded.extra_buffers_safe", lambda: True)
    with_them = backend.describe()
    monkeypatch.setattr("summarizer.backends.embedded.extra_buffers_safe", lambda: False)
    assert backend.describe() != with_them


def test_without_llama_cpp_the_build_reports_no_instruction_sets_and_the_key_still_computes(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_llama(name, *args, **kwargs):
        if name.startswith("llama_cpp"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_llama)
    cpu.extra_buffers_safe.cache_clear()
    try:
        assert cpu.system_info() == ""
        assert EmbeddedBackend().describe()["params"]["extra_buffers"] is True  # a key, no ImportError
    finally:
        cpu.extra_buffers_safe.cache_clear()  # read again from the real build by the next caller
