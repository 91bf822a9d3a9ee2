namespace Codemason.Controller.Git;

/// <summary>
/// The pre-receive hook every push runs (installed by <see cref="GitRepositories.EnsureHooks"/>, found through
/// <c>core.hooksPath</c> in the CGI environment) and the words it shares with <see cref="PushSession"/>.
/// It opens the controller's FIFO for its answer first, writes the push (quarantine paths, then git's
/// <c>old new ref</c> lines, then <see cref="EndLine"/>) to the controller's other FIFO, and copies the answer to its
/// stdout, which git shows the pusher as <c>remote: ...</c>, until <see cref="ExitPrefix"/><c>N</c>: it exits N.
/// An answer that ends without that line refuses the push.
/// </summary>
public static class PushHook
{
    /// <summary>The hook's file name.</summary>
    public const string HookName = "pre-receive";

    /// <summary>Variable with the FIFO the hook writes the push to.</summary>
    public const string PushFifoVariable = "CODEMASON_PUSH_IN";

    /// <summary>Variable with the FIFO the hook reads the controller's answer from.</summary>
    public const string AnswerFifoVariable = "CODEMASON_PUSH_OUT";

    /// <summary>Last line of the push the hook hands over.</summary>
    public const string EndLine = "@@codemason-end";

    /// <summary>Start of the answer's last line; the exit status follows.</summary>
    public const string ExitPrefix = "@@codemason-exit ";

    /// <summary>The hook (POSIX sh; git runs it with the repository as working directory).</summary>
    public const string Script = """
        #!/bin/sh
        # Codemason's pre-receive hook (docs/git-remotes.md): hands the push to the controller that runs this
        # git and shows its answer. Installed by the controller; edits are overwritten.
        if [ -z "${CODEMASON_PUSH_IN-}" ] || [ -z "${CODEMASON_PUSH_OUT-}" ]; then
          echo "codemason: this repository takes pushes only through the controller" >&2
          exit 1
        fi
        # The answer FIFO first: the controller holds it open until the push below arrives, so neither open blocks.
        exec 3<"$CODEMASON_PUSH_OUT" || exit 1
        {
          printf 'pwd %s\n' "$(pwd)"
          printf 'quarantine %s\n' "${GIT_QUARANTINE_PATH-}"
          printf 'objects %s\n' "${GIT_OBJECT_DIRECTORY-}"
          printf 'alternates %s\n' "${GIT_ALTERNATE_OBJECT_DIRECTORIES-}"
          while read -r old new ref; do
            printf 'update %s %s %s\n' "$old" "$new" "$ref"
          done
          printf '@@codemason-end\n'
        } >"$CODEMASON_PUSH_IN" || exit 1
        status=1
        while IFS= read -r line <&3; do
          case $line in
            "@@codemason-exit "*) status=${line#"@@codemason-exit "}; break ;;
          esac
          printf '%s\n' "$line"
        done
        exit "$status"

        """;
}
