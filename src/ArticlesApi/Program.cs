using ArticlesApi.Infrastructure;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Health;
using FastEndpoints;

var builder = WebApplication.CreateBuilder(args);

builder.Services
    .AddArticlesDatabase(builder.Configuration)
    .AddArticlesHealthChecks()
    .AddArticlesOpenApi()
    .AddFastEndpoints();

var app = builder.Build();

await app.PrepareDatabaseAsync();

app.UseFastEndpoints(c =>
    {
        c.Endpoints.RoutePrefix = "api/v1";
        c.Errors.UseProblemDetails();
        c.Serializer.Options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
    })
    .UseArticlesOpenApi();
app.MapArticlesHealthChecks();

app.Run();

public partial class Program;
