namespace Codemason.Controller.Builds;

/// <summary>The bare repositories behind apps' git remotes.</summary>
public interface IRemoteRepositories
{
    /// <summary>Creates the app's bare repository when it has none; true when it was created.</summary>
    Task<bool> EnsureAsync(AppKey app, CancellationToken cancellationToken);

    /// <summary>The path of the app's remote on the controller's address (<c>/git/&lt;environment&gt;/&lt;app&gt;.git</c>).</summary>
    string PathOf(AppKey app);
}
