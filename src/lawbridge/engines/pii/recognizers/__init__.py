"""Built-in recognisers, one module per family."""
