using System.Collections.Concurrent;
using System.Reflection;
using ArticlesApi.Infrastructure.Http;
using NJsonSchema.Generation;

namespace ArticlesApi.Infrastructure.OpenApiDocs;

/// Schema names that read well in generated clients: `Article`, `ArticleSummary`, `ArticleSummaryList`
/// (a `ListResponse<ArticleSummary>`), `Author`, `AuthorInput`, `Problem`, not `ArticleResponse`,
/// `ListResponseOfArticleSummary` or `Request13`.
public sealed class OpenApiSchemaNames : ISchemaNameGenerator
{
    /// The type each name was given to, so that document rules can consult the C# declaration.
    public static readonly ConcurrentDictionary<string, Type> Types = new();

    public string Generate(Type type)
    {
        var name = NameOf(type);
        Types[name] = type;
        return name;
    }

    static string NameOf(Type type)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ListResponse<>))
            return NameOf(type.GetGenericArguments()[0]) + "List";
        return type.FullName switch
        {
            "Root.Response" => "ApiIndex",
            "Keys.Create.Response" => "NewApiKey",
            "Keys.Create.Request" => "ApiKeyInput",
            "Articles.Publish.Request" => "PublishInput",
            "Articles.Preview.Create.Request" => "PreviewLinkInput",
            "Articles.Preview.Create.Response" => "PreviewLink",
            _ when type.Name is "Request" or "Response" => type.Namespace!.Replace(".", "") + type.Name,
            _ when type.Name == "KeyResponse" => "ApiKey",
            _ when type.Name.EndsWith("Response", StringComparison.Ordinal) => type.Name[..^"Response".Length],
            _ => type.Name,
        };
    }

    /// `[Required]` on a nullable member: the validator refuses a missing value (`Role? Role` with `NotNull()`).
    public static bool IsRequired(string schemaName, string propertyName) =>
        Types.TryGetValue(schemaName, out var type)
        && type.GetProperty(propertyName, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)
            ?.GetCustomAttribute<System.ComponentModel.DataAnnotations.RequiredAttribute>() is not null;

    /// A member of an answer that the serializer always writes (null included): required for clients,
    /// though maybe nullable. Only members with `[JsonIgnore(Condition = WhenWritingNull)]` may be absent.
    public static bool IsAlwaysWritten(string schemaName, string propertyName)
    {
        if (!Types.TryGetValue(schemaName, out var type) || schemaName.EndsWith("Input", StringComparison.Ordinal))
            return false;
        var property = type.GetProperty(propertyName, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return property is not null
            && property.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is null or
                { Condition: System.Text.Json.Serialization.JsonIgnoreCondition.Never };
    }

    /// A member of an answer with `[JsonIgnore(Condition = WhenWritingNull)]`: absent or not null, never null.
    public static bool IsOmittedWhenNull(string schemaName, string propertyName) =>
        Types.TryGetValue(schemaName, out var type)
        && type.GetProperty(propertyName, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)
            ?.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is
            { Condition: System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// An optional list (`List<string>? Tags`) whose items have rules: the generator marks the list
    /// required; the C# declaration says it is not.
    public static bool IsOptional(string schemaName, string propertyName)
    {
        if (!Types.TryGetValue(schemaName, out var type))
            return false;
        var property = type.GetProperty(propertyName, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null || property.GetCustomAttribute<System.Runtime.CompilerServices.RequiredMemberAttribute>() is not null)
            return false;
        return new NullabilityInfoContext().Create(property).ReadState == NullabilityState.Nullable;
    }
}
