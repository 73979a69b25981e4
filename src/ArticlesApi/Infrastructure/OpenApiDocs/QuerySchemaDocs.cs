using System.Reflection;
using System.Text.Json;
using FastEndpoints;
using NJsonSchema;
using NSwag;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace ArticlesApi.Infrastructure.OpenApiDocs;

/// What a query parameter's string holds, for the document: query members are strings (so a bad value is a
/// validator's 400 naming it, not a binding error), checked by predicates the document cannot read; this says
/// which strings the validator accepts.
[AttributeUsage(AttributeTargets.Property)]
public sealed class QuerySchemaAttribute : Attribute
{
    /// The only values accepted: documented as an enum.
    public string[]? Values { get; init; }

    /// With Values: one value or several separated by commas, documented as an array of the enum sent as
    /// `name=a,b` (`style: form, explode: false`: openapi-fetch needs `querySerializer: { array: { explode: false } }`).
    public bool CommaList { get; init; }

    /// A JSON Schema format, such as `date-time`.
    public string? Format { get; init; }

    /// An ECMA-262 pattern of the strings the validator accepts (as far as a pattern can say it).
    public string? Pattern { get; init; }

    /// The longest string the validator accepts.
    public int MaxLength { get; init; }

    /// The value used when the parameter is absent.
    public string? Default { get; init; }
}

/// Puts each [QuerySchema] of an endpoint's request class on its query parameter.
public sealed class QuerySchemaDocs : IOperationProcessor
{
    public bool Process(OperationProcessorContext context)
    {
        if (RequestMembers.RequestType(context) is not { } request)
            return true;
        foreach (var property in request.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<QuerySchemaAttribute>() is not { } declared)
                continue;
            var name = property.GetCustomAttribute<BindFromAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var parameter = context.OperationDescription.Operation.Parameters
                .FirstOrDefault(p => p.Kind == OpenApiParameterKind.Query && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (parameter?.Schema is not { } schema)
                continue;
            if (declared.Values is { } values)
            {
                var item = new JsonSchema { Type = JsonObjectType.String };
                foreach (var value in values)
                    item.Enumeration.Add(value);
                if (declared.CommaList)
                {
                    parameter.Style = OpenApiParameterStyle.Form;
                    parameter.Explode = false;
                }
                parameter.Schema = schema = declared.CommaList ? new JsonSchema { Type = JsonObjectType.Array, Item = item } : item;
            }
            if (declared.Format is { } format)
                schema.Format = format;
            if (declared.Pattern is { } pattern)
                schema.Pattern = pattern;
            if (declared.MaxLength > 0)
                schema.MaxLength = declared.MaxLength;
            if (declared.Default is { } fallback)
                schema.Default = fallback;
        }
        return true;
    }
}
