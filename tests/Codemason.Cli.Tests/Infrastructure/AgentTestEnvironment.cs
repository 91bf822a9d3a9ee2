using System.Text.Json;
using Codemason.Cli.Tests.EndToEnd;

namespace Codemason.Cli.Tests.Infrastructure;

/// <summary>
/// A real controller, one real agent on the local engine in a fresh environment, and mason logged in to it from its own
/// HOME: what the end-to-end tests of the developer loop start from.
/// </summary>
public sealed class AgentTestEnvironment : IAsyncDisposable
{
    private AgentTestEnvironment(ControllerProcess controller, AgentProcess agent, TempDirectory work, TempDirectory home, string environment)
    {
        Controller = controller;
        Agent = agent;
        Work = work;
        Home = home;
        Environment = environment;
        Mason = new MasonBinary(work.Path, home.Path);
    }

    public ControllerProcess Controller { get; }

    public AgentProcess Agent { get; }

    public TempDirectory Work { get; }

    public TempDirectory Home { get; }

    public MasonBinary Mason { get; }

    public string Environment { get; }

    /// <summary>Whether the engine, local/busybox:1 and a built agent are there; the reason to ignore the tests when not.</summary>
    public static string? Missing() => AgentProcess.EngineReady() && File.Exists(AgentProcess.BinaryPath)
        ? null
        : "needs the Docker engine, local/busybox:1 (make engine) and a built agent (dotnet build agent -c Release)";

    /// <summary>
    /// Starts the controller and the agent (with <paramref name="agentArguments"/> after the usual ones), logs mason in,
    /// creates the environment and waits for the node to be Ready.
    /// </summary>
    public static async Task<AgentTestEnvironment> StartAsync(string prefix, IReadOnlyList<string> agentArguments, CancellationToken ct, params string[] controllerArguments)
    {
        var controller = await ControllerProcess.StartAsync(ct, controllerArguments);
        var home = new TempDirectory($"mason-{prefix}-e2e-home-");
        var work = new TempDirectory($"mason-{prefix}-e2e-");
        var mason = new MasonBinary(work.Path, home.Path);
        var environment = prefix + "-" + Guid.NewGuid().ToString("N")[..8];
        AgentProcess? agent = null;
        try
        {
            var login = await mason.RunAsync(ct, "login", "--controller", controller.Address.ToString(), "--token", controller.AdminToken, "--env", environment);
            Assert.That(login.ExitCode, Is.Zero, login.ToString());
            var created = await mason.RunAsync(ct, "env", "create", environment, "-o", "json");
            using var json = JsonDocument.Parse(created.Stdout);
            agent = AgentProcess.Start(controller.Address, json.RootElement.GetProperty("joinToken").GetString()!, environment, [.. agentArguments]);
            while (!(await mason.RunAsync(ct, "nodes", "--env", environment, "-o", "json")).Stdout.Contains("NODE_STATUS_READY", StringComparison.Ordinal))
            {
                await Task.Delay(250, ct);
            }
        }
        catch (Exception)
        {
            // A set-up that fails leaves no controller or agent behind (the tear-down only knows a started environment).
            if (agent is not null)
            {
                await agent.DisposeAsync();
            }
            await controller.DisposeAsync();
            work.Dispose();
            home.Dispose();
            throw;
        }
        return new AgentTestEnvironment(controller, agent, work, home, environment);
    }

    public async ValueTask DisposeAsync()
    {
        await TestContext.Out.WriteLineAsync("--- agent log\n" + Agent.Log);
        await Agent.DisposeAsync();
        await Controller.DisposeAsync();
        Work.Dispose();
        Home.Dispose();
    }
}

/// <summary>
/// Base of the end-to-end test classes that need an <see cref="AgentTestEnvironment"/>: started once per class (ignored
/// when the engine or the agent is missing), stopped after its last test.
/// </summary>
public abstract class AgentEndToEndTest(string prefix, params string[] controllerArguments)
{
    private AgentTestEnvironment _environment = null!;

    protected ControllerProcess Controller => _environment.Controller;

    protected AgentProcess Agent => _environment.Agent;

    protected TempDirectory Work => _environment.Work;

    protected TempDirectory Home => _environment.Home;

    protected MasonBinary Mason => _environment.Mason;

    protected string Env => _environment.Environment;

    /// <summary>Arguments the class's agent gets after the usual ones (a later one wins: <c>--stop-timeout</c>).</summary>
    protected virtual IReadOnlyList<string> AgentArguments => [];

    [OneTimeSetUp]
    public async Task StartEnvironmentAsync()
    {
        if (AgentTestEnvironment.Missing() is { } missing)
        {
            Assert.Ignore(missing);
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        _environment = await AgentTestEnvironment.StartAsync(prefix, AgentArguments, cts.Token, controllerArguments);
    }

    [OneTimeTearDown]
    public async Task StopEnvironmentAsync()
    {
        if (_environment is not null)
        {
            await _environment.DisposeAsync();
        }
    }
}
