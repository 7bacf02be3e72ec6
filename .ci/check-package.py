"""Checks the packed IceCube.Reco.nupkg: both assemblies with their XML docs, the README, the declared dependencies
and their versions (which must equal Directory.Packages.props), and nothing else in lib/."""
import re, sys, zipfile
import xml.etree.ElementTree as ET

nupkg, props = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(nupkg)
names = set(z.namelist())
lib = sorted(n for n in names if n.startswith("lib/"))
expected_lib = sorted(f"lib/net10.0/{a}.{ext}" for a in ("IceCube.Reco", "IceCube.Reco.Kernels") for ext in ("dll", "xml"))
assert lib == expected_lib, f"lib/ holds {lib}, expected {expected_lib}"
assert "README.md" in names, "README.md is not in the package"

ns = {"n": "http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd"}
nuspec = ET.fromstring(z.read("IceCube.Reco.nuspec"))
meta = nuspec.find("n:metadata", ns)
version = meta.find("n:version", ns).text
assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"version {version} is not a stable SemVer"
assert meta.find("n:readme", ns).text == "README.md"
assert meta.find("n:license", ns).text
deps = {d.get("id"): d.get("version") for d in meta.iter("{%s}dependency" % ns["n"])}

central = {m.group(1): m.group(2) for m in re.finditer(r'<PackageVersion Include="([^"]+)" Version="([^"]+)"', open(props).read())}
wanted = ["ILGPU", "ILGPU.Algorithms", "ParquetSharp", "CsvHelper", "System.Numerics.Tensors"]
assert sorted(deps) == sorted(wanted), f"dependencies {sorted(deps)}, expected {wanted}"
for package in wanted:
    assert deps[package] == central[package], f"{package}: nuspec {deps[package]}, Directory.Packages.props {central[package]}"
print(f"package ok: IceCube.Reco {version}, {len(lib)} files in lib/, dependencies {deps}")
