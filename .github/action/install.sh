#!/usr/bin/env bash
# Installs dossier for the action of action.yml, in two modes:
#
#   install.sh download  the release archive of the version for this runner,
#                        its SHA-256 checked against the release's SHA256SUMS;
#                        prints source=true to GITHUB_OUTPUT instead when the
#                        version is "source" or no release matches
#   install.sh build     go build of ./cmd/dossier in the action's folder
#
# Either way the binary lands in $RUNNER_TEMP/dossier-bin, which goes on
# GITHUB_PATH. Inputs come from the environment: DOSSIER_VERSION (a version,
# "latest", "source" or empty for the action's own ref when that is a
# version tag), ACTION_REF, ACTION_REPOSITORY, ACTION_PATH, and the runner's
# RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_SERVER_URL, GITHUB_OUTPUT and
# GITHUB_PATH.
set -euo pipefail

bin_dir="$RUNNER_TEMP/dossier-bin"
exe=dossier
[ "${RUNNER_OS:-}" = Windows ] && exe=dossier.exe
mkdir -p "$bin_dir"

out() { echo "$1" >> "$GITHUB_OUTPUT"; }

# A workflow command's message, escaped as the runner reads it.
warn() {
  local m=$1
  m=${m//'%'/'%25'}; m=${m//$'\r'/'%0D'}; m=${m//$'\n'/'%0A'}
  echo "::warning title=dossier::$m"
}
fail() {
  local m=$1
  m=${m//'%'/'%25'}; m=${m//$'\r'/'%0D'}; m=${m//$'\n'/'%0A'}
  echo "::error title=dossier::$m"
  exit 1
}

sha256() {
  if command -v sha256sum > /dev/null; then
    sha256sum "$1" | cut -d ' ' -f 1
  else
    shasum -a 256 "$1" | cut -d ' ' -f 1
  fi
}

# source: build at the action's ref in the steps that follow.
source_build() {
  out "source=true"
  echo "$bin_dir" >> "$GITHUB_PATH"
  exit 0
}

download() {
  local version=${DOSSIER_VERSION:-}
  if [ -z "$version" ]; then
    case "${ACTION_REF:-}" in
      v[0-9]*) version=$ACTION_REF ;;
      *) source_build ;;
    esac
  fi
  [ "$version" = source ] && source_build
  version=${version#v}
  case "$version" in
    latest | [0-9]*.[0-9]*.[0-9]*) ;;
    *) fail "version \"$version\" is not a release version (such as 1.2.0), latest or source" ;;
  esac

  local os arch ext
  case "${RUNNER_OS:-}" in
    Linux) os=linux ;; macOS) os=darwin ;; Windows) os=windows ;;
    *) warn "no dossier release for the runner OS ${RUNNER_OS:-?}; building from source"; source_build ;;
  esac
  case "${RUNNER_ARCH:-}" in
    X64) arch=amd64 ;; ARM64) arch=arm64 ;;
    *) warn "no dossier release for the runner architecture ${RUNNER_ARCH:-?}; building from source"; source_build ;;
  esac
  ext=tar.gz
  [ "$os" = windows ] && ext=zip

  local repo=${ACTION_REPOSITORY:-}
  [ -n "$repo" ] || repo=dossier-data/dossier
  local base="${GITHUB_SERVER_URL:-https://github.com}/$repo/releases/download/v$version"
  [ "$version" = latest ] && base="${GITHUB_SERVER_URL:-https://github.com}/$repo/releases/latest/download"

  local at=${ACTION_REF:-}
  [ -n "$at" ] || at="the commit of the action"
  local tmp
  tmp=$(mktemp -d "$RUNNER_TEMP/dossier-download.XXXXXX")
  if ! curl -fsSL --retry 3 -o "$tmp/SHA256SUMS" "$base/SHA256SUMS"; then
    warn "no dossier release $version (no $base/SHA256SUMS); building from source at $at"
    source_build
  fi
  local pattern="dossier_${version}_${os}_${arch}.${ext}"
  [ "$version" = latest ] && pattern="dossier_*_${os}_${arch}.${ext}"
  local sum name
  # SHA256SUMS lines are "<hex>  <name>" (or "<hex> *<name>").
  read -r sum name < <(while read -r h n; do
    n=${n#\*}
    # shellcheck disable=SC2254 # the pattern is meant to match
    case "$n" in $pattern) echo "$h $n"; break ;; esac
  done < "$tmp/SHA256SUMS") || true
  if [ -z "${name:-}" ]; then
    warn "dossier release $version has no archive for $os/$arch; building from source at $at"
    source_build
  fi
  case "$name" in
    */* | *..* ) fail "SHA256SUMS names an unexpected file: $name" ;;
  esac
  curl -fsSL --retry 3 -o "$tmp/$name" "$base/$name" || fail "could not download $base/$name"
  local got
  got=$(sha256 "$tmp/$name")
  [ "$got" = "$sum" ] || fail "$name: SHA-256 $got does not match $sum listed in the release's SHA256SUMS; not installed"
  if [ "$ext" = zip ]; then
    unzip -o -q "$tmp/$name" "$exe" -d "$tmp/x"
  else
    mkdir -p "$tmp/x"
    tar -xzf "$tmp/$name" -C "$tmp/x" "$exe"
  fi
  mv -f "$tmp/x/$exe" "$bin_dir/$exe"
  chmod +x "$bin_dir/$exe"
  rm -rf "$tmp"
  version=${name#dossier_}
  version=${version%%_*}
  out "source=false"
  out "version=$version"
  echo "$bin_dir" >> "$GITHUB_PATH"
  echo "dossier $version ($name, SHA-256 $sum) installed"
}

build() {
  cd "$ACTION_PATH"
  go build -trimpath -o "$bin_dir/$exe" ./cmd/dossier
  local v
  v=$("$bin_dir/$exe" --version)
  out "version=${v#dossier version }"
  echo "$v built from source"
}

case "${1:-}" in
  download) download ;;
  build) build ;;
  *) echo "usage: install.sh download|build" >&2; exit 2 ;;
esac
