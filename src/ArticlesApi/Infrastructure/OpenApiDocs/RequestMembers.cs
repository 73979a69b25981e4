using System.Reflection;
using FastEndpoints;
using FastEndpoints.Swagger;
using NSwag;
using NSwag.Generation.Processors.Contexts;

namespace ArticlesApi.Infrastructure.OpenApiDocs;

/// Where each member of an endpoint's request class comes from, as its declaration says: a header
/// (`[FromHeader]`), the query (`[QueryParam]`), the route (a path parameter of that name), or the body.
public static class RequestMembers
{
    public static Type? RequestType(OperationProcessorContext context) =>
        context.GetEndpointDefinition()?.ReqDtoType is { } type && type != typeof(EmptyRequest) ? type : null;

    public static IEnumerable<(PropertyInfo Property, FromHeaderAttribute Header)> Headers(Type request) =>
        from property in Properties(request)
        let header = property.GetCustomAttribute<FromHeaderAttribute>()
        where header is not null
        select (property, header);

    public static IEnumerable<PropertyInfo> BodyMembers(Type request, OpenApiOperation operation)
    {
        var route = operation.Parameters.Where(p => p.Kind == OpenApiParameterKind.Path).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Properties(request).Where(p => p.SetMethod?.IsPublic == true
            && !route.Contains(p.GetCustomAttribute<BindFromAttribute>()?.Name ?? p.Name)
            && !p.IsDefined(typeof(FromHeaderAttribute)) && !p.IsDefined(typeof(QueryParamAttribute))
            && !p.IsDefined(typeof(FromClaimAttribute)) && !p.IsDefined(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute))
            && !p.IsDefined(typeof(HideFromDocsAttribute)));
    }

    static PropertyInfo[] Properties(Type request) => request.GetProperties(BindingFlags.Public | BindingFlags.Instance);
}
