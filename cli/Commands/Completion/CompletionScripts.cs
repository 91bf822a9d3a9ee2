namespace Codemason.Cli.Commands.Completion;

/// <summary>
/// Shell completion scripts. Both ask <c>mason</c> itself through System.CommandLine's <c>[suggest:POSITION]</c>
/// directive, so completions always match the installed version's commands and options.
/// </summary>
internal static class CompletionScripts
{
    public const string Bash = """
        # mason completion for bash. Load it with:  source <(mason completion bash)
        _mason_complete()
        {
            local IFS=$'\n'
            local candidates
            candidates=$(mason "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)
            COMPREPLY=( $(compgen -W "${candidates}" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _mason_complete mason

        """;

    public const string Zsh = """
        #compdef mason
        # mason completion for zsh. Load it with:  source <(mason completion zsh)
        _mason() {
            local -a candidates
            candidates=("${(@f)$(mason "[suggest:${CURSOR}]" "${BUFFER}" 2>/dev/null)}")
            _describe 'mason' candidates
        }
        if (( $+functions[compdef] )); then
            compdef _mason mason
        fi

        """;
}
