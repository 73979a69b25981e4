using ArticlesApi.Infrastructure;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Health;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Paging;
using FastEndpoints;

var builder = WebApplication.CreateBuilder(args);

builder.Services
    .AddArticlesDatabase(builder.Configuration)
    .AddArticlesHealthChecks()
    .AddArticlesOpenApi()
    .AddPaging(builder.Configuration)
    .AddFastEndpoints()
    .Configure<CachingOptions>(builder.Configuration.GetSection(CachingOptions.Section));

var app = builder.Build();

await app.PrepareDatabaseAsync();

app.UseMiddleware<ConditionalRequestsMiddleware>();
app.UseFastEndpoints(c =>
    {
        c.Endpoints.RoutePrefix = "api/v1";
        c.Errors.UseProblemDetails();
        c.Serializer.Options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
        ETags.SerializerOptions = c.Serializer.Options;
    })
    .UseArticlesOpenApi();
app.MapArticlesHealthChecks();

app.Run();

public partial class Program;
