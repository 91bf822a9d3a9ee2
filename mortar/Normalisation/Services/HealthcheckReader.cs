using Codemason.Mortar.Model;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation.Services;

/// <summary>Reads <c>healthcheck</c>: a test (a shell string, or an exec list), durations such as <c>"1m30s"</c> and retries.</summary>
internal sealed class HealthcheckReader(NodeReader reader)
{
    /// <summary>The health check, with defaults for what is not given; null when absent or without a valid test.</summary>
    public HealthcheckSpec? Read(MasonObject node, MasonPath path)
    {
        var hc = reader.ReadObject(node, "healthcheck", path, MasonFields.Healthcheck, "an object { \"test\": ... }");
        if (hc is null)
        {
            return null;
        }
        var hcPath = path.Property("healthcheck");
        var test = ReadTest(hc, hcPath.Property("test"));
        var interval = ReadDuration(hc, "interval", hcPath) ?? HealthcheckSpec.DefaultInterval;
        var timeout = ReadDuration(hc, "timeout", hcPath) ?? HealthcheckSpec.DefaultTimeout;
        var startPeriod = ReadDuration(hc, "startPeriod", hcPath) ?? TimeSpan.Zero;
        var retries = (int)(reader.ReadInteger(hc, "retries", hcPath, 1, 100, "retries") ?? HealthcheckSpec.DefaultRetries);
        return test is null ? null : new HealthcheckSpec(test, interval, timeout, retries, startPeriod);
    }

    /// <summary>A string runs in a shell (<c>CMD-SHELL</c>); a list without <c>CMD</c>, <c>CMD-SHELL</c> or <c>NONE</c> first is exec'd (<c>CMD</c>).</summary>
    private List<string>? ReadTest(MasonObject hc, MasonPath testPath)
    {
        switch (hc["test"])
        {
            case null:
                reader.Errors.Add(testPath, hc.Position, "required property is missing: a health check needs a \"test\"", MasonErrorKind.Schema);
                return null;
            case MasonString text when text.Value.Trim().Length > 0:
                return ["CMD-SHELL", text.Value];
            case MasonArray array when array.Items.Count > 0 && array.Items.All(i => i is MasonString):
                var test = array.Items.Select(i => ((MasonString)i).Value).ToList();
                if (test[0] is not ("CMD" or "CMD-SHELL" or "NONE"))
                {
                    test.Insert(0, "CMD");
                }
                return test;
            case var other:
                reader.TypeError(testPath, other, "a non-empty command string or array of strings");
                return null;
        }
    }

    private TimeSpan? ReadDuration(MasonObject obj, string field, MasonPath path)
    {
        var text = reader.ReadString(obj, field, path);
        if (text is null)
        {
            return null;
        }
        var problem = DurationSyntax.TryParse(text, out var duration);
        if (problem is not null)
        {
            reader.Errors.Add(path.Property(field), obj[field]!.Position, $"\"{text}\" — {problem}");
            return null;
        }
        return duration;
    }
}
