using Codemason.Mortar.Model;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation.Questions;

/// <summary>
/// Reads a <c>questions</c> list — of an application (for every service), of a service file, or of a service
/// inside an application — into <see cref="MasonQuestion"/>s; answering them is the pipeline's job.
/// </summary>
internal sealed class QuestionsReader(NodeReader reader)
{
    /// <summary>
    /// Adds each valid question of <paramref name="node"/>'s <c>questions</c> to <paramref name="questions"/>. Questions
    /// of a service inside an application (<paramref name="service"/> set) are answered by <c>service.KEY</c> first.
    /// </summary>
    public void Read(MasonObject node, MasonPath path, ServiceName? service, List<MasonQuestion> questions)
    {
        var list = reader.Read<MasonArray>(node, "questions", path, "an array of questions");
        if (list is null)
        {
            return;
        }
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (question, itemPath) in reader.ItemsOf<MasonObject>(list, path.Property("questions"), "an object { \"key\": ..., \"value\": ... }"))
        {
            reader.CheckProperties(question, itemPath, MasonFields.Question);
            var key = ReadKey(question, itemPath, keys);
            var value = ReadValue(question, itemPath);
            var description = reader.ReadString(question, "description", itemPath);
            var required = reader.ReadBoolean(question, "required", itemPath) ?? true;
            var secret = reader.ReadBoolean(question, "secret", itemPath);
            if (key is null)
            {
                continue;
            }
            var answerKey = service is { } owner ? $"{owner.Value}.{key}" : key;
            questions.Add(new MasonQuestion(service, key, value, description, required, secret ?? MasonQuestion.LooksSecret(key),
                answerKey, itemPath.ToString(), question.Position));
        }
    }

    /// <summary>The <c>key</c>: an environment variable name, unique in its list; null when missing or invalid.</summary>
    private string? ReadKey(MasonObject question, MasonPath itemPath, HashSet<string> keys)
    {
        var keyPath = itemPath.Property("key");
        var keyNode = question["key"];
        if (keyNode is null)
        {
            reader.Errors.Add(keyPath, question.Position, "required property is missing: a question needs a \"key\" (the environment variable it sets)", MasonErrorKind.Schema);
        }
        else if (keyNode is not MasonString keyText)
        {
            reader.TypeError(keyPath, keyNode, "a string");
        }
        else if (!NameSyntax.IsEnvironmentName(keyText.Value))
        {
            reader.Errors.Add(keyPath, keyNode.Position, $"{NodeText.Snippet(keyNode)} — invalid key: it becomes an environment variable; {NameSyntax.EnvironmentRule}");
        }
        else if (!keys.Add(keyText.Value))
        {
            reader.Errors.Add(keyPath, keyNode.Position, $"{NodeText.Snippet(keyNode)} — duplicate question key; keys must be unique");
        }
        else
        {
            return keyText.Value;
        }
        return null;
    }

    /// <summary>The default <c>value</c> as text; <c>""</c> (no default) when missing or not a scalar.</summary>
    private string ReadValue(MasonObject question, MasonPath itemPath)
    {
        var valuePath = itemPath.Property("value");
        var valueNode = question["value"];
        if (valueNode is null)
        {
            reader.Errors.Add(valuePath, question.Position, "required property is missing: a question needs a default \"value\" (\"\" for none)", MasonErrorKind.Schema);
        }
        else if (NodeText.Scalar(valueNode) is { } text)
        {
            return text;
        }
        else
        {
            reader.TypeError(valuePath, valueNode, "a string");
        }
        return string.Empty;
    }
}
