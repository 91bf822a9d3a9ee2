namespace Codemason.Cli.Hosting;

/// <summary>Asks the person at the terminal. Only available when stdin is a terminal.</summary>
internal interface IPrompter
{
    /// <summary>
    /// Asks for a line of text; an empty answer gives <paramref name="defaultValue"/> when there is one.
    /// <paramref name="validate"/> returns why an answer is refused (asked again), or null to accept it.
    /// </summary>
    string Ask(string prompt, string? defaultValue, bool allowEmpty, Func<string, string?>? validate = null);

    /// <summary>Asks for a value without echoing it (each character shows as <c>*</c>).</summary>
    string AskSecret(string prompt, bool allowEmpty);

    /// <summary>Asks a yes/no question; an empty answer is <paramref name="defaultValue"/>.</summary>
    bool Confirm(string prompt, bool defaultValue);
}
