namespace ArticlesApi.Infrastructure.Paging;

public static class PagingServices
{
    public static IServiceCollection AddPaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PagingOptions>(configuration.GetSection(PagingOptions.Section));
        services.AddSingleton<CursorCodec>();
        return services;
    }
}
