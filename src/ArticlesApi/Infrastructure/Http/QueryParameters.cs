using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using FastEndpoints;
using FluentValidation.Results;
using Microsoft.AspNetCore.Routing.Patterns;

namespace ArticlesApi.Infrastructure.Http;

/// The query parameters an endpoint defines, read from its request class as FastEndpoints binds it: every
/// property that is neither a route value nor a header, claim, cookie or body member; for methods with a
/// body only those marked [QueryParam]. Names match case-insensitively, as FastEndpoints binds them.
public sealed class DeclaredQuery
{
    readonly Dictionary<string, string> _names;
    readonly HashSet<string> _repeatable;

    DeclaredQuery(Dictionary<string, string> names, HashSet<string> repeatable) => (_names, _repeatable) = (names, repeatable);

    /// The declared spellings, in order.
    public IEnumerable<string> Names => _names.Values.Order(StringComparer.Ordinal);

    public bool TryGetName(string sent, out string declared) => _names.TryGetValue(sent, out declared!);

    public bool IsRepeatable(string declared) => _repeatable.Contains(declared);

    static readonly ConcurrentDictionary<(EndpointDefinition, bool), DeclaredQuery> Known = new();

    public static DeclaredQuery Of(EndpointDefinition endpoint, string method) =>
        Known.GetOrAdd((endpoint, HasBody(method)), static key => Build(key.Item1, key.Item2));

    static bool HasBody(string method) => HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method);

    static readonly Type[] NotFromQuery =
    [
        typeof(FromHeaderAttribute), typeof(FromClaimAttribute), typeof(FromCookieAttribute), typeof(FromBodyAttribute),
        typeof(FromFormAttribute), typeof(HasPermissionAttribute),
    ];

    static DeclaredQuery Build(EndpointDefinition endpoint, bool hasBody)
    {
        var routeValues = endpoint.Routes
            .SelectMany(route => RoutePatternFactory.Parse(route).Parameters.Select(p => p.Name))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var repeatable = new HashSet<string>(StringComparer.Ordinal);
        var properties = endpoint.ReqDtoType == typeof(EmptyRequest) ? [] : endpoint.ReqDtoType.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        foreach (var property in properties.Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0))
        {
            var name = property.GetCustomAttribute<BindFromAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (routeValues.Contains(name) || NotFromQuery.Any(a => property.IsDefined(a, true))
                || (hasBody && !property.IsDefined(typeof(QueryParamAttribute), true)))
                continue;
            names[name] = name;
            if (property.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType))
                repeatable.Add(name);
        }
        return new DeclaredQuery(names, repeatable);
    }
}

/// After authentication (a key is judged first), before the endpoint binds anything: a query parameter the
/// endpoint does not define, or one given twice, answers 400 naming it. It used to be ignored, which hid
/// typos (`updatedAfter=` read as no filter) and gave every spelling of a URL a response-cache entry of its
/// own; a refusal is never cached, and CanonicalQuery gives equivalent spellings one entry.
public sealed class QueryParameterMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint()?.Metadata.GetMetadata<EndpointDefinition>();
        var query = context.Request.Query;
        if (endpoint is null || query.Count == 0)
            return next(context);

        var declared = DeclaredQuery.Of(endpoint, context.Request.Method);
        List<ValidationFailure>? failures = null;
        foreach (var (sent, values) in query)
        {
            if (!declared.TryGetName(sent, out var name))
                (failures ??= []).Add(new ValidationFailure(sent.Length == 0 ? "query" : sent, Unknown(sent, declared)));
            else if (values.Count > 1 && !declared.IsRepeatable(name))
                (failures ??= []).Add(new ValidationFailure(name, $"{name} is given {values.Count} times; give it once."));
        }
        return failures is null ? next(context) : context.Response.SendErrorsAsync(failures, cancellation: context.RequestAborted);
    }

    static string Unknown(string sent, DeclaredQuery declared)
    {
        var names = declared.Names.ToList();
        var name = sent.Length == 0 ? "A parameter without a name" : $"'{sent}'";
        return names.Count == 0
            ? $"{name} is not a query parameter of this endpoint, which takes none."
            : $"{name} is not a query parameter of this endpoint; it takes {string.Join(", ", names)}.";
    }
}
