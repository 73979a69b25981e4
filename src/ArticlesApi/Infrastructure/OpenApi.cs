using FastEndpoints.Swagger;

namespace ArticlesApi.Infrastructure;

/// The document comes from FastEndpoints.Swagger (NSwag), the generator FastEndpoints supports;
/// Swagger UI comes from Swashbuckle's UI package. See docs/decisions/0001-openapi-generation.md.
public static class OpenApi
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/swagger/v1/swagger.json";

    public static IServiceCollection AddArticlesOpenApi(this IServiceCollection services) =>
        services.SwaggerDocument(o =>
        {
            o.ShortSchemaNames = true;
            o.EnableJWTBearerAuth = false;
            o.DocumentSettings = s =>
            {
                s.DocumentName = DocumentName;
                s.Title = "ArticlesApi";
                s.Version = "v1";
                s.Description = "A headless newsroom API: articles, authors, tags, sources and attributed claims, as JSON.";
                s.AddAuth(Auth.ApiKeyAuthenticationHandler.SchemeName, new NSwag.OpenApiSecurityScheme
                {
                    Type = NSwag.OpenApiSecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "API key (ak_…)",
                    Description = "An API key: `Authorization: Bearer ak_…`. Never in the query string.",
                });
            };
        });

    public static IApplicationBuilder UseArticlesOpenApi(this IApplicationBuilder app)
    {
        app.UseOpenApi(c => c.Path = "/swagger/{documentName}/swagger.json");
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "swagger";
            o.SwaggerEndpoint(DocumentPath, "ArticlesApi v1");
            o.DocumentTitle = "ArticlesApi — Swagger UI";
        });
        return app;
    }
}
