using ArticlesApi.Data;
using ArticlesApi.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ArticlesApi.Migrations;

/// Used by `dotnet ef` only: builds the context without starting the API.
/// The connection string matters only for commands that touch a database (database update).
public sealed class DesignTimeArticlesDbFactory : IDesignTimeDbContextFactory<ArticlesDb>
{
    public ArticlesDb CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable($"ConnectionStrings__{DatabaseServices.ConnectionStringName}")
            ?? "Host=127.0.0.1;Port=55432;Database=articles;Username=articles;Password=articles";
        var options = new DbContextOptionsBuilder<ArticlesDb>()
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(typeof(DesignTimeArticlesDbFactory).Assembly))
            .UseSnakeCaseNamingConvention()
            .Options;
        return new ArticlesDb(options);
    }
}
