#!/usr/bin/env bash
# The working tree before and after CI: a build step may not change a tracked file or leave an untracked,
# un-ignored one (a docs cache, a stray log, a results file written by a test).
#   bash .ci/tree.sh save FILE    record the state of the tree (run before the first step)
#   bash .ci/tree.sh check FILE   exit 1, listing the differences, if the tree is not in the recorded state
# The state is `git status --porcelain --untracked-files=all` plus a digest of the tracked changes and of
# every untracked file, so that from a clean clone "unchanged" means "git status is empty", and on a tree
# with uncommitted work CI still notices a step that rewrites one of those files.
set -uo pipefail
cd "$(dirname "$0")/.."
state() {
  git status --porcelain --untracked-files=all
  echo "tracked changes: $(git diff HEAD --binary | sha256sum | cut -c1-16)"
  git ls-files --others --exclude-standard -z | xargs -0 -r sha256sum
}
case "${1:-}" in
  save)  state > "$2" ;;
  check) now=$(mktemp); state > "$now"
         if diff -u "$2" "$now" > "$now.diff"; then echo "tree unchanged ($(git status --porcelain --untracked-files=all | wc -l) entries in git status)"; rm -f "$now" "$now.diff"
         else echo "the tree changed during CI (- before, + after):"; cat "$now.diff"; rm -f "$now" "$now.diff"; exit 1; fi ;;
  *) echo "usage: bash .ci/tree.sh save|check FILE"; exit 2 ;;
esac
