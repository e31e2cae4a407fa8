# Sourced by ./mvnw: makes Maven run on a JDK 25 (or newer) without the user setting JAVA_HOME.
# Carafe needs Java 25 (ScopedValue, virtual threads); many machines default to an older JDK.
# Order: a JAVA_HOME that already points at JDK 25+, then well-known install folders.
carafe_java_feature() {
  # Prints the feature release ("17", "25") of the java binary given as $1, or nothing.
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
carafe_select_jdk() {
  set +f  # mvnw runs with globbing off; the search below needs it
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    v=$(carafe_java_feature "$JAVA_HOME/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then set -f; return 0; fi
  fi
  for candidate in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*-25* /usr/lib/jvm/jdk-25* /usr/lib/jvm/java-25* \
                   /opt/java/openjdk* /opt/jdk-25* "$HOME"/.sdkman/candidates/java/25* "$HOME"/.jdks/*25* \
                   /Library/Java/JavaVirtualMachines/*25*/Contents/Home /usr/lib/jvm/*; do
    [ -x "$candidate/bin/java" ] || continue
    v=$(carafe_java_feature "$candidate/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then
      JAVA_HOME="$candidate"; export JAVA_HOME
      [ "${MVNW_VERBOSE-}" != true ] || echo "[carafe] using JDK $v at $JAVA_HOME" >&2
      set -f; return 0
    fi
  done
  echo "[carafe] Carafe needs JDK 25 or newer, and none was found." >&2
  echo "[carafe] Looked at JAVA_HOME (${JAVA_HOME:-unset}) and /usr/lib/jvm, /opt, ~/.sdkman, ~/.jdks." >&2
  echo "[carafe] Install one (e.g. Eclipse Temurin 25) and set JAVA_HOME to it, then run ./mvnw again." >&2
  exit 1
}
carafe_select_jdk
set -f
