global using Void = FastEndpoints.Void;
