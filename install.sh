#!/bin/sh
# Installs kit: downloads the binary for this machine from a kit release, verifies it against the release's
# SHA256SUMS, and puts it in ~/.local/bin (or $KIT_INSTALL_DIR). Running it again upgrades in place.
#
#   curl -fsSL https://github.com/kit-agent/kit/releases/latest/download/install.sh | sh
#   sh install.sh --version 0.2.0          # a given release instead of the newest
#
# Environment:
#   KIT_INSTALL_DIR       directory to install into (default: ~/.local/bin)
#   KIT_INSTALL_BASE_URL  releases URL standing in for https://github.com/kit-agent/kit/releases (a mirror):
#                         the newest release is read from <base>/latest/download/<file>,
#                         version X from <base>/download/vX/<file>
#   KIT_INSTALL_OS, KIT_INSTALL_ARCH, KIT_INSTALL_LIBC
#                         skip detection: linux|darwin|windows, x64|arm64, gnu|musl (tests, unusual systems)
#
# A release holds kit-<version>-<os>-<arch>[-musl][.exe] per platform and SHA256SUMS listing them.
# POSIX sh: works with dash, bash, busybox ash and zsh's sh mode.
set -eu

DEFAULT_BASE_URL="https://github.com/kit-agent/kit/releases"

say() { printf '%s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

usage() {
  say "usage: sh install.sh [--version X]"
  say "Installs kit into \${KIT_INSTALL_DIR:-~/.local/bin}; KIT_INSTALL_BASE_URL sets a mirror of the releases."
}

detect_os() {
  if [ -n "${KIT_INSTALL_OS:-}" ]; then say "$KIT_INSTALL_OS"; return; fi
  case "$(uname -s)" in
    Linux) say linux ;;
    Darwin) say darwin ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT) say windows ;;
    *) die "no kit release for this system ($(uname -s)); build it from source: https://github.com/kit-agent/kit#install" ;;
  esac
}

detect_arch() {
  if [ -n "${KIT_INSTALL_ARCH:-}" ]; then say "$KIT_INSTALL_ARCH"; return; fi
  machine=$(uname -m)
  # An x64 shell on Apple silicon runs under Rosetta: the arm64 binary is the native one.
  if [ "$1" = darwin ] && [ "$(sysctl -n sysctl.proc_translated 2>/dev/null || true)" = 1 ]; then machine=arm64; fi
  case "$machine" in
    x86_64 | amd64) say x64 ;;
    aarch64 | arm64) say arm64 ;;
    *) die "no kit release for this processor ($machine); build it from source: https://github.com/kit-agent/kit#install" ;;
  esac
}

detect_libc() {
  if [ -n "${KIT_INSTALL_LIBC:-}" ]; then say "$KIT_INSTALL_LIBC"; return; fi
  for loader in /lib/ld-musl-*; do
    if [ -e "$loader" ]; then say musl; return; fi
  done
  if ldd --version 2>&1 | grep -qi musl; then say musl; else say gnu; fi
}

# fetch URL FILE: the body of URL into FILE; fails on an HTTP error.
fetch() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --retry 2 -o "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then
    wget -q -O "$2" "$1"
  else
    die "needs curl or wget to download kit; install one of them and run this again"
  fi
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d ' ' -f 1
  else
    die "needs sha256sum or shasum to verify the download; install coreutils (or perl's shasum) and run this again"
  fi
}

main() {
  version=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --version)
        [ $# -ge 2 ] || die "--version needs a value, e.g. --version 0.2.0"
        version=${2#v}
        shift 2
        ;;
      --version=*) version=${1#--version=}; version=${version#v}; shift ;;
      -h | --help) usage; exit 0 ;;
      *) die "unknown argument '$1'; run 'sh install.sh --help'" ;;
    esac
  done

  os=$(detect_os)
  arch=$(detect_arch "$os")
  platform="$os-$arch"
  if [ "$os" = linux ] && [ "$(detect_libc)" = musl ]; then platform="$platform-musl"; fi
  exe=""
  if [ "$os" = windows ]; then exe=".exe"; fi

  base=${KIT_INSTALL_BASE_URL:-$DEFAULT_BASE_URL}
  base=${base%/}
  if [ -n "$version" ]; then url="$base/download/v$version"; else url="$base/latest/download"; fi

  dir=${KIT_INSTALL_DIR:-$HOME/.local/bin}
  mkdir -p "$dir" || die "cannot create $dir; set KIT_INSTALL_DIR to a directory you can write"
  [ -w "$dir" ] || die "cannot write to $dir; set KIT_INSTALL_DIR to a directory you can write"

  # Downloads go next to the target so the final step is a rename within one file system (atomic).
  tmp="$dir/.kit-install.$$"
  trap 'rm -f "$tmp" "$tmp.sums"' EXIT
  trap 'exit 1' INT TERM HUP

  fetch "$url/SHA256SUMS" "$tmp.sums" || die "cannot download $url/SHA256SUMS${version:+ (is $version a kit release?)}"
  # A line is "<sha256>  kit-<version>-<platform>[.exe]" ("*" before the name in binary mode).
  line=$(awk -v suffix="-$platform$exe" '{ name = $2; sub(/^\*/, "", name) }
    name ~ /^kit-/ && substr(name, length(name) - length(suffix) + 1) == suffix { print $1, name; exit }' "$tmp.sums")
  [ -n "$line" ] || die "the release at $url has no kit binary for $platform"
  want=${line%% *}
  file=${line#* }
  found=${file#kit-}
  found=${found%"-$platform$exe"}
  if [ -n "$version" ] && [ "$found" != "$version" ]; then
    die "the release at $url lists $file, not kit $version"
  fi

  say "Downloading $file"
  fetch "$url/$file" "$tmp" || die "cannot download $url/$file"
  got=$(sha256_of "$tmp")
  if [ "$got" != "$want" ]; then
    die "checksum mismatch for $file (expected $want, got $got): the download is damaged or was tampered with; nothing was installed"
  fi
  chmod 755 "$tmp"
  mv -f "$tmp" "$dir/kit$exe" || die "cannot replace $dir/kit$exe"
  say "Installed kit $found ($platform) to $dir/kit$exe"

  case ":${PATH:-}:" in
    *":$dir:"*) ;;
    *)
      say ""
      say "$dir is not on your PATH. Add it, then open a new terminal:"
      say "  echo 'export PATH=\"$dir:\$PATH\"' >> ~/.profile    # bash: ~/.bashrc, zsh: ~/.zshrc"
      ;;
  esac
}

main "$@"
