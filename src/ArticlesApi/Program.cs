using ArticlesApi.Features.Articles;
using ArticlesApi.Features.Articles.Ready;
using ArticlesApi.Features.Media;
using ArticlesApi.Features.SiteSettings;
using ArticlesApi.Features.Webhooks;
using ArticlesApi.Infrastructure;
using ArticlesApi.Infrastructure.Auth;
using ArticlesApi.Infrastructure.Caching;
using ArticlesApi.Infrastructure.Database;
using ArticlesApi.Infrastructure.Health;
using ArticlesApi.Infrastructure.Http;
using ArticlesApi.Infrastructure.Paging;
using ArticlesApi.Infrastructure.Redis;
using ArticlesApi.Infrastructure.Resilience;
using FastEndpoints;

var builder = WebApplication.CreateBuilder(args);

builder.Services
    // The one clock: everything that reads the time or waits for it takes this (tests swap in a fake one).
    .AddSingleton(TimeProvider.System)
    .AddArticlesDatabase(builder.Configuration)
    .AddArticlesRedis(builder.Configuration)
    .AddArticlesHealthChecks(builder.Configuration)
    .AddArticlesOpenApi()
    .AddPaging(builder.Configuration)
    .AddArticlesAuth(builder.Configuration)
    .AddArticlesResilience(builder.Configuration)
    .AddFastEndpoints()
    .AddArticlesResponseCache(builder.Configuration)
    .AddSingleton<SiteLinks>()
    .AddScheduledPublication()
    .AddReadySummaries()
    .AddBodyRerendering()
    .AddWebhooks(builder.Configuration)
    .AddMedia(builder.Configuration);
ArticlesApi.Features.Media.Processing.ImageProcessingServices.AddImageProcessing(builder.Services);

var app = builder.Build();

await app.PrepareDatabaseAsync();
if (KeysCommand.IsRequested(args))
{
    Environment.ExitCode = await KeysCommand.RunAsync(app.Services, args, Console.Out, Console.Error);
    return;
}

app.UseHeadRequests();
app.UseArticlesResilience();
app.UseMediaFiles();
app.UseArticlesResponseCache();
app.UseStandbyReads();
app.UseArticlesWriting();
app.UseMiddleware<QueryParameterMiddleware>();
app.UseMiddleware<EmptyBodyMiddleware>();
app.UseFastEndpoints(c =>
    {
        c.Endpoints.RoutePrefix = "api/v1";
        c.Endpoints.Configurator = HeadRequests.AnswerHeadWhereGet;
        c.Endpoints.NameGenerator = HeadRequests.EndpointName;
        Problems.Configure(c);
        Representations.Install(c);
    })
    .UseArticlesOpenApi();
app.MapArticlesHealthChecks();

app.Run();

public partial class Program;
