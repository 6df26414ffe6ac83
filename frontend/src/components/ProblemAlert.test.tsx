import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ApiProblem, errorMessage } from "../api/problem";
import { formLevelError, ProblemAlert } from "./ProblemAlert";

describe("error display", () => {
  it("shows the problem's detail and request id", () => {
    const p = new ApiProblem(422, {
      status: 422,
      code: "INSUFFICIENT_FUNDS",
      detail: "Insufficient balance for withdrawal. Current balance: $0.00",
      request_id: "abc-123",
    });
    render(<ProblemAlert error={p} title="Withdraw failed" />);
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("Withdraw failed");
    expect(alert).toHaveTextContent("Insufficient balance for withdrawal. Current balance: $0.00");
    expect(alert).toHaveTextContent("abc-123");
  });

  it("never shows [object Object], whatever the body", () => {
    const bodies: unknown[] = [
      { detail: { message: "nested message" } },
      { detail: [{ loc: ["body", "amount"], msg: "field required" }] },
      { detail: {} },
      { title: "Service Unavailable" },
      undefined,
      { detail: 42 },
    ];
    for (const b of bodies) {
      const text = new ApiProblem(503, b as never).detail;
      expect(text).not.toMatch(/object Object/);
      expect(text.length).toBeGreaterThan(0);
    }
    expect(new ApiProblem(422, { detail: { message: "nested message" } }).detail).toBe("nested message");
    expect(new ApiProblem(422, { detail: [{ msg: "field required" }] } as never).detail).toBe("field required");
    expect(new ApiProblem(0, undefined).detail).toMatch(/Cannot reach the server/);
    expect(errorMessage({ weird: true })).toBe("Something went wrong.");
  });

  it("field errors go beside their fields; only unclaimed ones stay form-level", () => {
    const p = new ApiProblem(422, {
      code: "VALIDATION_ERROR",
      detail: "email: Invalid email format",
      errors: [{ field: "email", message: "Invalid email format" }],
    });
    expect(p.forField("email")).toBe("Invalid email format");
    expect(formLevelError(p, ["email", "username"])).toBeNull();
    expect(formLevelError(p, ["username"])).toBe(p);
    const nested = new ApiProblem(422, { errors: [{ field: "body.amount", message: "too big" }] });
    expect(nested.forField("amount")).toBe("too big");
  });

  it("renders nothing without an error", () => {
    const { container } = render(<ProblemAlert error={null} />);
    expect(container).toBeEmptyDOMElement();
  });
});
