using ArticlesApi.Infrastructure.OpenApiDocs;
using FastEndpoints.Swagger;

namespace ArticlesApi.Infrastructure;

/// The document comes from FastEndpoints.Swagger (NSwag), the generator FastEndpoints supports;
/// Swagger UI comes from Swashbuckle's UI package. See docs/decisions/0001-openapi-generation.md.
public static class OpenApi
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/swagger/v1/swagger.json";

    const string Description = """
        A headless newsroom API: articles, authors, tags and **sources with attributed claims**, as JSON.

        - **Reading** is public: published articles, authors, tags and sources. Lists page by keyset
          (`limit`, `cursor` from `meta.nextCursor` or the `Link: rel="next"` header, `total=true`).
        - **Writing** needs an API key, sent as `Authorization: Bearer ak_…` (use **Authorize** above).
          Roles: `contributor` (own drafts) < `author` (publishes own articles) < `editor` (everything
          editorial) < `admin` (also keys and permanent deletes). 401 without a valid key, 403 for a key
          without the right.
        - **Concurrency**: every single-resource answer has an `ETag`. `PUT` and `DELETE` need `If-Match`
          (428 without it, 412 when stale); `If-None-Match` on `GET` answers 304.
        - **HEAD**: every `GET` operation (marked `x-answers-head: true`) also answers `HEAD`, with the status
          and headers the `GET` would have (`ETag`, `Content-Length`, 304, 404…) and no body.
        - **Retries**: `POST` takes `Idempotency-Key`; a retry with the same key and body replays the first answer.
        - **Query parameters** are the ones each operation lists (names match case-insensitively; an empty value is
          the same as none): any other, or one given twice, answers 400 naming it.
        - **Examples** ("Try it out") run against the sample newsroom (`scripts/run.sh`), in the order listed: each group
          reads, creates, changes and deletes, and each `DELETE` example removes what the `POST` example above it created.
          A `PUT` or `DELETE` needs the current ETag: run the `GET` of the same id first and paste its `ETag` into `If-Match`.
        - **Errors** are RFC 9457 `application/problem+json` (`Problem`), with `errors` naming each invalid field.
        """;

    public static IServiceCollection AddArticlesOpenApi(this IServiceCollection services) =>
        services.SwaggerDocument(o =>
        {
            o.ShortSchemaNames = false;
            o.RemoveEmptyRequestSchema = true;
            o.EnableJWTBearerAuth = false;
            o.DocumentSettings = s =>
            {
                s.DocumentName = DocumentName;
                s.Title = "ArticlesApi";
                s.Version = "v1";
                s.Description = Description;
                s.SchemaSettings.SchemaNameGenerator = new OpenApiSchemaNames();
                foreach (var mapper in ReferenceSchemas.Mappers())
                    s.SchemaSettings.TypeMappers.Add(mapper);
                s.OperationProcessors.Add(new RateLimiting.RequestCostDocs());
                // After FastEndpoints' own processor, in this order: header names, optional bodies, then what endpoints declare.
                s.OperationProcessors.Add(new RequestHeaderDocs());
                s.OperationProcessors.Add(new OptionalBodyDocs());
                s.OperationProcessors.Add(new RequestExampleDocs());
                s.OperationProcessors.Add(new DeclaredBehaviourDocs());
                s.OperationProcessors.Add(new QuerySchemaDocs());
                s.DocumentProcessors.Add(new DocumentRules());
                s.DocumentProcessors.Add(new Features.Webhooks.WebhookDocs());
                s.DocumentProcessors.Add(new Features.Media.MediaUploadDocs());
                s.AddAuth(Auth.ApiKeyAuthenticationHandler.SchemeName, new NSwag.OpenApiSecurityScheme
                {
                    Type = NSwag.OpenApiSecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "API key (ak_…)",
                    Description = "An API key: `Authorization: Bearer ak_…`. Never in the query string.",
                });
            };
        });

    /// Everything served here lives under /swagger: only requests there pass through these middlewares (Swagger UI's
    /// matches each request's path against its patterns), the others go on at the cost of one prefix check.
    public static IApplicationBuilder UseArticlesOpenApi(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/swagger"), UseOpenApiAndSwaggerUi);

    static void UseOpenApiAndSwaggerUi(IApplicationBuilder app)
    {
        var urls = app.ApplicationServices.GetRequiredService<Http.PublicUrls>();
        app.UseOpenApi(c =>
        {
            c.Path = "/swagger/{documentName}/swagger.json";
            // NSwag names the request's Host (or X-Forwarded-Host) as the server: Api:PublicUrl instead, or
            // "/", OpenAPI's default, which clients resolve against the host that served the document.
            c.PostProcess = (document, _) =>
            {
                document.Servers.Clear();
                document.Servers.Add(new NSwag.OpenApiServer { Url = urls.Base ?? "/" });
            };
        });
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "swagger";
            o.SwaggerEndpoint(DocumentPath, "ArticlesApi v1");
            o.DocumentTitle = "ArticlesApi — Swagger UI";
            o.InjectJavascript(OperationOrderScript);
        });
        // A file of this origin: Swagger UI's Content-Security-Policy allows no inline script.
        app.Map(OperationOrderScript, branch => branch.Run(context =>
        {
            context.Response.ContentType = "text/javascript; charset=utf-8";
            return context.Response.WriteAsync(OperationOrder, context.RequestAborted);
        }));
    }

    const string OperationOrderScript = "/swagger/operation-order.js";

    /// Swagger UI lists a group's operations in document order, where a path's operations stay together (list and
    /// create, then get, update and delete); a custom `operationsSorter` puts them in the order people look for
    /// them: list, get, create, update, delete, then actions (`/articles/{id}/publish`) by name, and by method. Swashbuckle's
    /// settings are JSON and cannot carry a function, so this wraps `SwaggerUIBundle` before index.js calls it
    /// (this script's load listener was added first, so it runs first). OpenApiExamplesTests tries the examples
    /// in the same order.
    const string OperationOrder = """
        "use strict";
        (() => {
          const rank = operation => {
            const method = operation.get("method"), path = operation.get("path");
            if (/\}\/[^/{}]+$/.test(path)) return 5;
            const item = path.endsWith("}");
            return { get: item ? 1 : 0, post: 2, put: 3, patch: 3, delete: 4 }[method] ?? 6;
          };
          // One action path with several methods (POST and DELETE /articles/{id}/preview): create before delete.
          const methods = { get: 0, post: 1, put: 2, patch: 2, delete: 3 };
          const operationsSorter = (a, b) => rank(a) - rank(b) || a.get("path").localeCompare(b.get("path"))
            || (methods[a.get("method")] ?? 4) - (methods[b.get("method")] ?? 4);
          window.addEventListener("load", () => {
            const bundle = window.SwaggerUIBundle;
            window.SwaggerUIBundle = Object.assign(config => bundle({ ...config, operationsSorter }), bundle);
          });
        })();
        """;
}
