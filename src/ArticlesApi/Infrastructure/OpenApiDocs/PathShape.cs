using NSwag;

namespace ArticlesApi.Infrastructure.OpenApiDocs;

/// Two things OpenAPI cannot say the way the router does.
public static class PathShape
{
    public const string AnswersHead = "x-answers-head";

    /// Every GET also answers HEAD (HeadRequests): the same status and headers without a body. A copy of
    /// every GET operation would double what Swagger UI lists and say nothing new, so each GET the router
    /// also serves as HEAD says so with `x-answers-head: true` instead (the info description explains it;
    /// GitHub's and Stripe's descriptions leave HEAD out altogether).
    public static void HeadAsGetExtension(OpenApiDocument document)
    {
        foreach (var item in document.Paths.Values)
            if (item.Remove(OpenApiOperationMethod.Head) && item.TryGetValue(OpenApiOperationMethod.Get, out var get))
                (get.ExtensionData ??= new Dictionary<string, object?>())[AnswersHead] = true;
    }

    /// Routes take `{idOrSlug}` (keys take `{id}`); the document names every such parameter `id`, described as
    /// taking a slug too, so that paths stay `/tags/{id}`, `/articles/{id}/publish` (two templates that differ
    /// only by a parameter name are not allowed in OpenAPI, and clients keep their paths).
    public static void MergeIdOrSlugPaths(OpenApiDocument document)
    {
        foreach (var path in document.Paths.Keys.Where(p => p.Contains("{idOrSlug}", StringComparison.Ordinal)).ToList())
        {
            var target = path.Replace("{idOrSlug}", "{id}", StringComparison.Ordinal);
            if (!document.Paths.TryGetValue(target, out var item))
                document.Paths[target] = item = new OpenApiPathItem();
            foreach (var (method, operation) in document.Paths[path])
            {
                foreach (var parameter in operation.Parameters.Where(p => p is { Kind: OpenApiParameterKind.Path, Name: "idOrSlug" }))
                {
                    parameter.Name = "id";
                    parameter.Description = "The id (UUID) or the slug.";
                }
                item[method] = operation;
            }
            document.Paths.Remove(path);
        }
    }
}
