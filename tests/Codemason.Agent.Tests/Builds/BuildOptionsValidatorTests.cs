using Codemason.Agent.Builds;
using Codemason.Agent.Hosting;
using Microsoft.Extensions.Configuration;

namespace Codemason.Agent.Tests.Builds;

public sealed class BuildOptionsValidatorTests
{
    [Test]
    public void Validate_Defaults_Succeeds()
    {
        var options = new BuildOptions();

        Assert.That(new BuildOptionsValidator().Validate(null, options).Succeeded, Is.True);
        Assert.That(new BuildOptionsAttributesValidator().Validate(null, options).Succeeded, Is.True);
        Assert.That((options.MaxConcurrent, options.DefaultMemoryMb, options.DefaultCpuShares, options.DefaultTimeout),
            Is.EqualTo((1, 2048L, 0L, TimeSpan.FromMinutes(30))));
    }

    [TestCase("auto")]
    [TestCase("")]
    [TestCase("1")]
    [TestCase("2-3")]
    [TestCase("0,2-3")]
    public void Validate_StepCpus_AutoEmptyOrACpuList(string setting)
    {
        Assert.That(new BuildOptionsValidator().Validate(null, new BuildOptions { StepCpus = setting }).Succeeded, Is.True);
    }

    [Test]
    public void Validate_BadValues_EveryProblemListed()
    {
        var options = new BuildOptions { MaxConcurrent = 0, DefaultTimeout = TimeSpan.Zero, DefaultCpuShares = 10, StepCpus = "1-" };

        var rules = new BuildOptionsValidator().Validate(null, options);
        var attributes = new BuildOptionsAttributesValidator().Validate(null, options);

        Assert.That(rules.Failures, Has.Count.EqualTo(3));
        Assert.That(rules.Failures, Has.Some.Contains("DefaultTimeout").And.Some.Contains("DefaultCpuShares").And.Some.Contains("StepCpus"));
        Assert.That(attributes.Failures, Has.Some.Contains("MaxConcurrent"));
    }

    [Test]
    public void OptionErrors_BadMaxBuildsFlag_ReportedBeforeTheHostStarts()
    {
        var args = AgentHostingExtensions.ExpandBareFlags(["--assignments", "/tmp/a.json", "--max-builds", "0"]);
        var configuration = new ConfigurationBuilder().AddCommandLine(args, AgentHostingExtensions.SwitchMappings.ToDictionary()).Build();

        var errors = AgentHostingExtensions.OptionErrors(configuration);

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.Contain("MaxConcurrent"));
    }
}
