#!/usr/bin/env bash
# Builds what scripts/gpu-check.sh needs on a GPU machine that has no .NET SDK and no network, into .device/bundle
# (git-ignored): the .NET runtime of this machine (dotnet host, hostfxr, Microsoft.NETCore.App) and one
# framework-dependent publish (linux-x64 native libraries only) of the test runner (tests, library, sample) and the benchmarks, each an xz
# tarball. Pass both to the GPU machine as a carried folder and run scripts/gpu-check.sh there.
set -euo pipefail
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
dotnet_root=${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}
out="$root/.device/bundle"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

for project in tests/IceCube.Reco.TestRunner benchmarks/IceCube.Reco.Benchmarks; do
  dotnet publish "$root/$project" -c Release -p:TreatWarningsAsErrors=true \
    -o "$stage/app" --nologo -v quiet
done

# The publish is portable (a RID here clashes with the sample's own output, which the tests reference): keep only the
# native libraries of the machine it goes to.
find "$stage/app/runtimes" -mindepth 1 -maxdepth 1 ! -name linux-x64 -exec rm -rf {} +

rm -rf "$out"
mkdir -p "$out"
tar -C "$dotnet_root" -cJf "$out/dotnet-runtime.tar.xz" dotnet host/fxr shared/Microsoft.NETCore.App
tar -C "$stage" -cJf "$out/app.tar.xz" app
git -C "$root" rev-parse HEAD > "$out/commit.txt"
du -sh "$out"/*
