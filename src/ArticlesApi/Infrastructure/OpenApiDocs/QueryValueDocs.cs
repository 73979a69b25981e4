using System.Reflection;
using NJsonSchema;
using NSwag;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace ArticlesApi.Infrastructure.OpenApiDocs;

/// The values a text query parameter takes, where its validator checks them with a predicate the document
/// cannot read (`sort`, `status`, `formats`). `CommaList`: one value or several separated by commas.
[AttributeUsage(AttributeTargets.Property)]
public sealed class QueryValuesAttribute(params string[] values) : Attribute
{
    public IReadOnlyList<string> Values { get; } = values;

    public bool CommaList { get; init; }
}

/// Writes QueryValuesAttribute into the parameter: an enum, or for a comma list an array of the enum sent as
/// `name=a,b` (`style: form, explode: false`: openapi-fetch needs `querySerializer: { array: { explode: false } }`).
public sealed class QueryValueDocs : IOperationProcessor
{
    public bool Process(OperationProcessorContext context)
    {
        if (RequestMembers.RequestType(context) is not { } request)
            return true;
        var operation = context.OperationDescription.Operation;
        foreach (var property in request.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<QueryValuesAttribute>() is not { } values)
                continue;
            foreach (var parameter in operation.Parameters.Where(p => p.Kind == OpenApiParameterKind.Query
                && string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase)))
            {
                var item = new JsonSchema { Type = JsonObjectType.String };
                foreach (var value in values.Values)
                    item.Enumeration.Add(value);
                if (values.CommaList)
                {
                    parameter.Schema = new JsonSchema { Type = JsonObjectType.Array, Item = item };
                    parameter.Style = OpenApiParameterStyle.Form;
                    parameter.Explode = false;
                }
                else
                    parameter.Schema = item;
            }
        }
        return true;
    }
}
