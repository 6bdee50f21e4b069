"""Helpers for the runtime tests (test/Runtime).

  runtime_check.py abi LIB ABI_TABLE FILE...
      Every mgpu* function declared in FILE... (LLVM dialect .mlir or LLVM IR
      .ll) must be exported by LIB and appear in ABI_TABLE with the same
      signature; every ABI_TABLE entry must be exported by LIB. Prints the
      declared functions.
  runtime_check.py exit CODE CMD [ARGS...]
      Runs CMD; fails unless it exits with exactly CODE (a signal is a
      failure). Output passes through.
  runtime_check.py symbols LIB DRIVER CUBLAS
      Every CUDA driver (cu*) and cuBLAS (cublas*) identifier string in LIB
      (the names it dlsyms, and the API names its messages use) is exported
      by DRIVER / CUBLAS. Prints the names checked.
  runtime_check.py strip-addr IN OUT
      Copies IN to OUT with printMemref's "base@ = 0x..." addresses masked.
"""
import re
import shutil
import subprocess
import sys


def exported(lib):
    nm = shutil.which("llvm-nm") or shutil.which("nm")
    out = subprocess.run([nm, "-D", "--defined-only", lib], check=True,
                         stdout=subprocess.PIPE, universal_newlines=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[1] in "TtWw":
            names.add(parts[2].split("@")[0])
    return names


def _type(t):
    t = t.strip()
    if not t:
        return ""
    t = t.split()[0]  # drop parameter attributes
    return "ptr" if t in ("!llvm.ptr", "ptr") else t


def declared(path):
    text = open(path).read()
    decls = {}
    if path.endswith(".ll"):
        pattern = re.compile(r"^declare\s+(?:\w+\s+)*?(\S+)\s+@(mgpu\w+)\(([^)]*)\)", re.M)
        for ret, name, params in pattern.findall(text):
            decls[name] = (_type(ret), [_type(p) for p in params.split(",") if p.strip()])
    else:
        pattern = re.compile(r"llvm\.func @(mgpu\w+)\(([^)]*)\)(?:\s*->\s*(\S+))?")
        for name, params, ret in pattern.findall(text):
            decls[name] = (_type(ret) or "void", [_type(p) for p in params.split(",") if p.strip()])
    return decls


def signature(name, sig):
    return "%s %s(%s)" % (sig[0], name, ", ".join(sig[1]))


def abi(lib, table, files):
    expected = {}
    for line in open(table):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = re.match(r"(\S+)\s+(\w+)\(([^)]*)\)$", line)
        expected[m.group(2)] = (m.group(1), [p.strip() for p in m.group(3).split(",") if p.strip()])
    have = exported(lib)
    errors = []
    for name in sorted(expected):
        if name not in have:
            errors.append("%s: in the ABI table but not exported by %s" % (name, lib))
    seen = {}
    for path in files:
        for name, sig in declared(path).items():
            seen[name] = sig
            if name not in have:
                errors.append("%s: declared by %s but not exported by %s" % (name, path, lib))
            if name not in expected:
                errors.append("%s: declared by %s as '%s' but not in the ABI table"
                              % (name, path, signature(name, sig)))
            elif expected[name] != sig:
                errors.append("%s: declared by %s as '%s', the runtime implements '%s'"
                              % (name, path, signature(name, sig), signature(name, expected[name])))
    if not seen:
        errors.append("no mgpu* declarations found in " + ", ".join(files))
    for e in errors:
        print("ABI ERROR: " + e)
    for name in sorted(seen):
        print("declared: " + signature(name, seen[name]))
    if errors:
        return 1
    print("ABI OK: %d declared mgpu functions, all exported" % len(seen))
    return 0


def expect_exit(code, cmd):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    sys.stdout.write(proc.stdout.decode(errors="replace"))
    if proc.returncode != code:
        print("runtime_check: exit code %d, expected %d" % (proc.returncode, code))
        return 1
    return 0


def symbols(lib, driver, cublas):
    # The strings of .rodata only (debug info holds type and variable names).
    readelf = shutil.which("llvm-readelf") or shutil.which("readelf")
    dump = subprocess.run([readelf, "--string-dump=.rodata", lib], check=True,
                          stdout=subprocess.PIPE, universal_newlines=True).stdout
    names = set()
    for line in dump.splitlines():
        m = re.match(r"\s*\[\s*[0-9a-fA-F]+\]\s+(\S+)\s*$", line)
        if m and re.fullmatch(r"cu(?:[A-Z]|blas[A-Z])\w*", m.group(1)):
            names.add(m.group(1))
    driver_syms, cublas_syms = exported(driver), exported(cublas)
    errors = 0
    for name in sorted(names):
        lib_syms, where = (cublas_syms, cublas) if name.startswith("cublas") else (driver_syms, driver)
        versioned = sorted(n for n in names if re.fullmatch(re.escape(name) + r"_v\d+", n))
        if name in lib_syms:
            print("exported: " + name)
        elif versioned:
            # The API name in messages; the versioned symbol is checked.
            print("api name: %s (resolved as %s)" % (name, versioned[-1]))
        else:
            print("MISSING: %s is not exported by %s" % (name, where))
            errors += 1
    if not names:
        print("no cu*/cublas* names found in " + lib)
        return 1
    return 1 if errors else 0


def strip_addr(src, dst):
    text = open(src).read()
    open(dst, "w").write(re.sub(r"base@ = 0x[0-9a-fA-F]+", "base@ = ADDR", text))
    return 0


def main(argv):
    if len(argv) >= 4 and argv[1] == "abi":
        return abi(argv[2], argv[3], argv[4:])
    if len(argv) >= 4 and argv[1] == "exit":
        return expect_exit(int(argv[2]), argv[3:])
    if len(argv) == 5 and argv[1] == "symbols":
        return symbols(argv[2], argv[3], argv[4])
    if len(argv) == 4 and argv[1] == "strip-addr":
        return strip_addr(argv[2], argv[3])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
