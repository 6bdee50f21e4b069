def pytest_configure(config):
    # Registered by pytest-xdist when it is installed (build/hf-venv has it);
    # without it the marks are inert.
    config.addinivalue_line("markers", "xdist_group(name): run in the same pytest-xdist worker as the group")
