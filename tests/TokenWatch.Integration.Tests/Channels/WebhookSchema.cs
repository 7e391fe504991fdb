using System.Text.Json;
using Json.Schema;
using TokenWatch.Integration.Tests.Email;

namespace TokenWatch.Integration.Tests.Channels;

/// <summary>
/// docs/webhook/tokenwatch-digest-v1.schema.json, loaded once: the schema library registers a schema by its
/// <c>$id</c> for the whole process and refuses to load the same one twice.
/// </summary>
internal static class WebhookSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(
            File.ReadAllText(
                Path.Combine(Snapshot.RepositoryRoot, "docs", "webhook", "tokenwatch-digest-v1.schema.json")
            )
        )
    );

    /// <summary>Fails with every error when <paramref name="body"/> is not a valid version 1 body.</summary>
    public static void AssertValid(JsonElement body)
    {
        var validation = Schema.Value.Evaluate(
            body,
            new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true }
        );
        var errors = (validation.Details ?? [])
            .Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.True(validation.IsValid, string.Join("; ", errors));
    }
}
