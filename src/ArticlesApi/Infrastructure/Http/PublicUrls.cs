namespace ArticlesApi.Infrastructure.Http;

public sealed class ApiOptions
{
    public const string Section = "Api";

    /// The API's public base URL (`https://api.example.org`, or with a path prefix a proxy adds):
    /// absolute links start from it. Unset: links are relative references (RFC 3986 §4.2).
    public string? PublicUrl { get; set; }
}

/// URLs the API writes into answers (the paging Link, the OpenAPI document's server) come from
/// configuration, never from the request's Host or X-Forwarded-Host: those are the client's to choose,
/// and a cached answer would hand one client's Host to everyone (cache poisoning).
public sealed class PublicUrls
{
    readonly string _base;

    public PublicUrls(Microsoft.Extensions.Options.IOptions<ApiOptions> options)
    {
        var configured = options.Value.PublicUrl;
        if (string.IsNullOrWhiteSpace(configured))
        {
            _base = "";
            return;
        }
        if (!Uri.TryCreate(configured, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            throw new InvalidOperationException(
                $"{ApiOptions.Section}:PublicUrl holds '{configured}', which is not an absolute http(s) URL without query or fragment.");
        _base = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    /// Api:PublicUrl without a trailing slash, or null when it is not set.
    public string? Base => _base.Length == 0 ? null : _base;

    /// The request's path with another query: absolute under Api:PublicUrl (which stands for scheme,
    /// host and any path prefix), or the relative reference `/api/v1/…?…` when it is not set.
    public string For(HttpRequest request, QueryString query) => For(request, request.Path, query);

    /// Another path of the API (under the request's PathBase when Api:PublicUrl is not set), with a query.
    public string For(HttpRequest request, PathString path, QueryString query) =>
        _base.Length == 0 ? request.PathBase.Add(path).Add(query) : _base + path.Add(query);

    public static IServiceCollection Add(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ApiOptions>(configuration.GetSection(ApiOptions.Section));
        services.AddSingleton<PublicUrls>();
        return services;
    }
}
