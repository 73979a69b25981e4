# syntax=docker/dockerfile:1
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ArticlesApi.sln ./
COPY src/ArticlesApi/ArticlesApi.csproj src/ArticlesApi/
COPY migrations/ArticlesApi.Migrations.csproj migrations/
RUN dotnet restore migrations/ArticlesApi.Migrations.csproj
COPY src/ src/
COPY migrations/ migrations/
# Building migrations/ builds the API too; the migrations assembly is then copied next to the API,
# which applies it at start-up (Database:MigrateOnStartup).
RUN dotnet publish src/ArticlesApi/ArticlesApi.csproj -c Release -o /app --no-restore \
 && dotnet build migrations/ArticlesApi.Migrations.csproj -c Release --no-restore -o /tmp/migrations \
 && cp /tmp/migrations/ArticlesApi.Migrations.dll /app/

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_URLS=http://+:8080
# Two glibc malloc arenas: 27–38 % less peak memory through 4 concurrent image uploads (libvips; bench/media/README.md).
ENV MALLOC_ARENA_MAX=2
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "ArticlesApi.dll"]
