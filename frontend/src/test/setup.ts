import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// findBy*/waitFor wait for a DOM signal; their 1 s default is a wall-clock limit a loaded 2-core CI
// machine can exceed (seen: a 401 → login redirect took longer). This is only an upper bound.
configure({ asyncUtilTimeout: 15_000 });

afterEach(() => cleanup());
