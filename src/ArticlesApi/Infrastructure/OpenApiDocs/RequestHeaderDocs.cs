using NSwag;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;

namespace ArticlesApi.Infrastructure.OpenApiDocs;

/// Header members of request classes (`[FromHeader("If-Match")] string? IfMatch`): FastEndpoints lists
/// them under a camel-cased name (`if-Match`) and leaves them in the body schema too. Here they get the
/// name their attribute gives and leave the body; what they mean comes from the endpoint's declared
/// behaviour (DeclaredBehaviourDocs), or from its Summary (`s.Params`).
public sealed class RequestHeaderDocs : IOperationProcessor
{
    public bool Process(OperationProcessorContext context)
    {
        if (RequestMembers.RequestType(context) is not { } request)
            return true;
        var operation = context.OperationDescription.Operation;
        var body = operation.RequestBody?.Content.Values.Select(m => m.Schema?.ActualSchema).FirstOrDefault(s => s is not null);
        foreach (var (property, header) in RequestMembers.Headers(request))
        {
            var name = header.HeaderName ?? property.Name;
            foreach (var parameter in operation.Parameters.Where(p => p.Kind == OpenApiParameterKind.Header
                && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
                parameter.Name = name;
            if (body?.Properties.Keys.FirstOrDefault(k => string.Equals(k, property.Name, StringComparison.OrdinalIgnoreCase)) is { } member)
            {
                body.Properties.Remove(member);
                body.RequiredProperties.Remove(member);
            }
        }
        return true;
    }
}
