/// The OpenAPI 3.1 document of the API, served at `/openapi.json`: docs/openapi.json, embedded
/// by scripts/embed-openapi.sh.
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "Strata live service",
    "version": "1.0.0",
    "description": "Customers, orders and events in; live segment membership, custom segments and signed webhooks out (docs/server.md)."
  },
  "servers": [
    {
      "url": "http://127.0.0.1:8080"
    }
  ],
  "paths": {
    "/healthz": {
      "get": {
        "summary": "Liveness",
        "operationId": "healthz",
        "tags": [
          "operations"
        ],
        "responses": {
          "200": {
            "description": "The process runs.",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        }
      }
    },
    "/readyz": {
      "get": {
        "summary": "Readiness",
        "operationId": "readyz",
        "tags": [
          "operations"
        ],
        "responses": {
          "200": {
            "description": "The store answers a read.",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "503": {
            "description": "The store does not answer.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/metrics": {
      "get": {
        "summary": "Prometheus metrics",
        "operationId": "metrics",
        "tags": [
          "operations"
        ],
        "responses": {
          "200": {
            "description": "The Prometheus text format.",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        }
      }
    },
    "/openapi.json": {
      "get": {
        "summary": "This document",
        "operationId": "openapi",
        "tags": [
          "operations"
        ],
        "responses": {
          "200": {
            "description": "OpenAPI 3.1",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          }
        }
      }
    },
    "/v1/customers": {
      "post": {
        "summary": "Send customers: one object or an array of them",
        "operationId": "post_customers",
        "tags": [
          "ingest"
        ],
        "security": [
          {
            "bearer": []
          },
          {
            "apiKey": []
          }
        ],
        "description": "Scope ingest. Each item is read as line n + 1 of an NDJSON file (docs/input.md): same fields, checks and reasons. Stored once by id; durable before the answer.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "oneOf": [
                  {
                    "type": "object"
                  },
                  {
                    "type": "array",
                    "items": {
                      "type": "object"
                    },
                    "maxItems": 1000
                  }
                ]
              },
              "example": {
                "customer_id": "C1",
                "signup_date": "2026-01-05",
                "city": "Oslo"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The batch was read; good items are stored, rejected ones listed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/IngestAnswer"
                }
              }
            }
          },
          "400": {
            "description": "Not a JSON object or array of objects.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "description": "Over the body, item-count or item-size limit.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "No key, or an unknown or revoked one.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "The key lacks the scope this route needs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "The key is over its request rate; see Retry-After.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/orders": {
      "post": {
        "summary": "Send orders: one object or an array of them",
        "operationId": "post_orders",
        "tags": [
          "ingest"
        ],
        "security": [
          {
            "bearer": []
          },
          {
            "apiKey": []
          }
        ],
        "description": "Scope ingest. Each item is read as line n + 1 of an NDJSON file (docs/input.md): same fields, checks and reasons. Stored once by id; durable before the answer.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "oneOf": [
                  {
                    "type": "object"
                  },
                  {
                    "type": "array",
                    "items": {
                      "type": "object"
                    },
                    "maxItems": 1000
                  }
                ]
              },
              "example": {
                "order_id": "o1",
                "customer_id": "C1",
                "ts": "2026-11-01T10:00:00Z",
                "amount": 19.99,
                "category": "books"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The batch was read; good items are stored, rejected ones listed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/IngestAnswer"
                }
              }
            }
          },
          "400": {
            "description": "Not a JSON object or array of objects.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "description": "Over the body, item-count or item-size limit.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "No key, or an unknown or revoked one.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "The key lacks the scope this route needs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "The key is over its request rate; see Retry-After.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/events": {
      "post": {
        "summary": "Send events: one object or an array of them",
        "operationId": "post_events",
        "tags": [
          "ingest"
        ],
        "security": [
          {
            "bearer": []
          },
          {
            "apiKey": []
          }
        ],
        "description": "Scope ingest. Each item is read as line n + 1 of an NDJSON file (docs/input.md): same fields, checks and reasons. Stored once by id; durable before the answer.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "oneOf": [
                  {
                    "type": "object"
                  },
                  {
                    "type": "array",
                    "items": {
                      "type": "object"
                    },
                    "maxItems": 1000
                  }
                ]
              },
              "example": [
                {
                  "event_id": "e1",
                  "customer_id": "C1",
                  "ts": "2026-11-01T10:00:00Z",
                  "type": "email_open",
                  "channel": "email"
                }
              ]
            }
          }
        },
        "responses": {
          "200": {
            "description": "The batch was read; good items are stored, rejected ones listed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/IngestAnswer"
                }
              }
            }
          },
          "400": {
            "description": "Not a JSON object or array of objects.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "description": "Over the body, item-count or item-size limit.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "No key, or an unknown or revoked one.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "The key lacks the scope this route needs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "The key is over its request rate; see Retry-After.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/customers/{id}": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "schema": {
            "type": "string"
          }
        }
      ],
      "get": {
        "summary": "A customer's segments and fields",
        "operationId": "get_customer",
        "tags": [
          "read"
        ],
        "security": [
          {
            "bearer": []
          },
          {
            "apiKey": []
          }
        ],
        "description": "Scope read.",
        "parameters": [
          {
            "name": "consistent",
            "in": "query",
            "schema": {
              "type": "boolean"
            },
            "description": "Wait for an analysis that includes every write committed before the request; after the server's wait (10 s unless --consistent-wait says otherwise) the answer is 503 with Retry-After, and the request may be sent again."
          },
          {
            "name": "explain",
            "in": "query",
            "schema": {
              "type": "boolean"
            },
            "description": "Add why the customer is in each segment (the rule trace)."
          }
        ],
        "responses": {
          "200": {
            "description": "The customer in the live analysis.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Customer"
                }
              }
            }
          },
          "404": {
            "description": "Not in the analysis.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "description": "No analysis yet, or the analysis a consistent read waits for is still running (with Retry-After).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "No key, or an unknown or revoked one.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "The key lacks the scope this route needs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "The key is over its request rate; see Retry-After.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      },
      "delete": {
        "summary": "Erase a customer",
        "operationId": "erase_customer",
        "tags": [
          "erasure"
        ],
        "security": [
          {
            "bearer": []
          },
          {
            "apiKey": []
          }
        ],
        "description": "Scope admin. Every row, membership record and undelivered message; pages zeroed, log truncated.",
        "responses": {
          "200": {
            "description": "Erased.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "customer_id": {
                      "type": "string"
                    },
                    "rows_deleted": {
                      "type": "integer"
                    },
                    "data_version": {
                      "type": "integer"
                    }
                  }
                }
              }
            }
          },
          "404": {
            "description": "Not in the store.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "description": "The log could not be truncated yet; send again.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "No key, or an unknown or revoked one.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "The key lacks the scope this route needs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "The key is over its request rate; see Retry-After.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/segments": {
      "get": {
        "summary": "Every scheme's segments (segments.json)",
        "operationId": "list_segments",
        "tags": [
          "read"
        ],
        "security": [
          {
            "bearer": []
          },
          {
            "apiKey": []
          }
        ],
        "description": "Scope read.",
        "parameters": [
          {
            "name": "consistent",
            "in": "query",
            "schema": {
              "type": "boolean"
            },
            "description": "Wait for an analysis that includes every write committed before the request; after the server's wait (10 s unless --consistent-wait says otherwise) the answer is 503 with Retry-After, and the request may be sent again."
          }
        ],
        "responses": {
          "200": {
            "description": "The segments.json of the live analysis (docs/outputs.md).",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "503": {
            "description": "No analysis yet, or the analysis a consistent read waits for is still running (with Retry-After).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "No key, or an unknown or revoked one.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "The key lacks the scope this route needs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "The key is over its request rate; see Retry-After.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/segments/preview": {
      "post": {
        "summary": "Count and sample the customers an expression matches",
        "operationId": "preview_segment",
        "tags": [
          "segments"
        ],
        "security": [
          {
            "bearer": []
          },
          {
            "apiKey": []
          }
        ],
        "description": "Scope read. Nothing is saved.",
        "requestBody": {
          "required": true,
          "content": {
            "text/plain": {
              "schema": {
                "type": "string",
                "maxLength": 65536
              },
              "example": "revenue > 500 and orders >= 3"
            }
          }
        },
        "responses": {
          "200": {
            "description": "Matches.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "count": {
                      "type": "integer"
                    },
                    "share": {
                      "type": "number"
                    },
                    "sample": {
                      "type": "array",
                      "items": {
                        "type": "string"
                      }
                    }
                  }
                }
              }
            }
          },
          "422": {
            "description": "The rule language refused it.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Problems"
                }
              }
            }
          },
          "401": {
            "description": "No key, or an unknown or revoked one.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "The key lacks the scope this route needs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "The key is over its request rate; see Retry-After.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/segments/{name}": {
      "parameters": [
        {
          "name": "name",
          "in": "path",
          "required": true,
          "schema": {
            "type": "string"
          },
          "description": "scheme:segment (rfm:champions; case-insensitive), a segment found in one scheme only, or a custom segment's name."
        }
      ],
      "get": {
        "summary": "One segment: size, share, revenue and size over the snapshots",
        "operationId": "get_segment",
        "tags": [
          "read"
        ],
        "security": [
          {
            "bearer": []
          },
          {
            "apiKey": []
          }
        ],
        "description": "Scope read.",
        "parameters": [
          {
            "name": "consistent",
            "in": "query",
            "schema": {
              "type": "boolean"
            },
            "description": "Wait for an analysis that includes every write committed before the request; after the server's wait (10 s unless --consistent-wait says otherwise) the answer is 503 with Retry-After, and the request may be sent again."
          }
        ],
        "responses": {
          "200": {
            "description": "The segment in the live analysis.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "scheme": {
                      "type": "string"
                    },
                    "segment": {
                      "type": "string"
                    },
                    "size": {
                      "type": "integer"
                    },
                    "share": {
                      "type": "number"
                    },
                    "revenue": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "revenue_share": {
                      "type": [
                        "number",
                        "null"
                      ]
                    },
                    "as_of": {
                      "type": "string"
                    },
                    "data_version": {
                      "type": "integer"
                    },
                    "size_history": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "properties": {
                          "as_of": {
                            "type": "string"
                          },
                          "size": {
                            "type": "integer"
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          },
          "400": {
            "description": "A name found in more than one scheme.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "No such segment.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "description": "No analysis yet, or the analysis a consistent read waits for is still running (with Retry-After).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "No key, or an unknown or revoked one.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "The key lacks the scope this route needs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "The key is over its request rate; see Retry-After.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      },
      "put": {
        "summary": "Define or replace a custom segment",
        "operationId": "put_segment",
        "tags": [
          "segments"
        ],
        "security": [
          {
            "bearer": []
          },
          {
            "apiKey": []
          }
        ],
        "description": "Scope segments:write. The body is the expression in the rule language (docs/segments.md).",
        "requestBody": {
          "required": true,
          "content": {
            "text/plain": {
              "schema": {
                "type": "string",
                "maxLength": 65536
              },
              "example": "m_score >= 4 and recency_days > 180"
            }
          }
        },
        "responses": {
          "200": {
            "description": "Saved.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Saved"
                }
              }
            }
          },
          "400": {
            "description": "Not a usable name.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "422": {
            "description": "The rule language refused it: each problem's line and column.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Problems"
                }
              }
            }
          },
          "401": {
            "description": "No key, or an unknown or revoked one.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "The key lacks the scope this route needs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "The key is over its request rate; see Retry-After.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      },
      "delete": {
        "summary": "Delete a custom segment",
        "operationId": "delete_segment",
        "tags": [
          "segments"
        ],
        "security": [
          {
            "bearer": []
          },
          {
            "apiKey": []
          }
        ],
        "description": "Scope segments:write.",
        "responses": {
          "200": {
            "description": "Deleted.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Saved"
                }
              }
            }
          },
          "404": {
            "description": "No such custom segment.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "409": {
            "description": "Another segment refers to it.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Problems"
                }
              }
            }
          },
          "401": {
            "description": "No key, or an unknown or revoked one.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "The key lacks the scope this route needs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "The key is over its request rate; see Retry-After.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/segments/{name}/members": {
      "get": {
        "summary": "A segment's members, page by page",
        "operationId": "segment_members",
        "tags": [
          "read"
        ],
        "security": [
          {
            "bearer": []
          },
          {
            "apiKey": []
          }
        ],
        "description": "Scope read. The next page's cursor is in the Next-Cursor header.",
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            },
            "description": "scheme:segment (rfm:champions; case-insensitive), a segment found in one scheme only, or a custom segment's name."
          },
          {
            "name": "consistent",
            "in": "query",
            "schema": {
              "type": "boolean"
            },
            "description": "Wait for an analysis that includes every write committed before the request; after the server's wait (10 s unless --consistent-wait says otherwise) the answer is 503 with Retry-After, and the request may be sent again."
          },
          {
            "name": "cursor",
            "in": "query",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 10000,
              "default": 1000
            }
          },
          {
            "name": "format",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "ndjson",
                "csv"
              ]
            }
          }
        ],
        "responses": {
          "200": {
            "description": "customer_id per line.",
            "headers": {
              "Next-Cursor": {
                "schema": {
                  "type": "string"
                },
                "description": "Absent on the last page."
              }
            },
            "content": {
              "application/x-ndjson": {
                "schema": {
                  "type": "string"
                }
              },
              "text/csv": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "400": {
            "description": "An ambiguous name or a cursor this API did not give.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "No such segment.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "410": {
            "description": "The analysis ran again since the cursor was given.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "No key, or an unknown or revoked one.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "The key lacks the scope this route needs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "The key is over its request rate; see Retry-After.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/analysis": {
      "get": {
        "summary": "The state of the live analysis",
        "operationId": "get_analysis",
        "tags": [
          "analysis"
        ],
        "security": [
          {
            "bearer": []
          },
          {
            "apiKey": []
          }
        ],
        "description": "Scope read.",
        "responses": {
          "200": {
            "description": "The state served.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AnalysisState"
                }
              }
            }
          },
          "401": {
            "description": "No key, or an unknown or revoked one.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "The key lacks the scope this route needs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "description": "No analysis yet.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/analysis/refresh": {
      "post": {
        "summary": "Analyse the whole store now",
        "operationId": "refresh_analysis",
        "tags": [
          "analysis"
        ],
        "security": [
          {
            "bearer": []
          },
          {
            "apiKey": []
          }
        ],
        "description": "Scope admin. Refits the models and renews the population measures; answers once the new analysis is served, or 202 when it takes longer than the server's wait (10 s unless --consistent-wait says otherwise): GET /v1/analysis shows whole_analyses at least the number answered once it is served.",
        "responses": {
          "200": {
            "description": "The state served.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AnalysisState"
                }
              }
            }
          },
          "202": {
            "description": "The analysis is still running; Location: /v1/analysis.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "whole_analyses": {
                      "type": "integer",
                      "description": "The number of the analysis asked for: GET /v1/analysis shows whole_analyses at least this once it is served."
                    }
                  }
                }
              }
            }
          },
          "401": {
            "description": "No key, or an unknown or revoked one.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "The key lacks the scope this route needs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "description": "The analysis found nothing to analyse or failed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/webhooks": {
      "get": {
        "summary": "List webhooks",
        "operationId": "list_webhooks",
        "tags": [
          "webhooks"
        ],
        "security": [
          {
            "bearer": []
          },
          {
            "apiKey": []
          }
        ],
        "description": "Scope admin.",
        "responses": {
          "200": {
            "description": "Webhooks.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/Webhook"
                  }
                }
              }
            }
          },
          "401": {
            "description": "No key, or an unknown or revoked one.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "The key lacks the scope this route needs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "The key is over its request rate; see Retry-After.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      },
      "post": {
        "summary": "Register a webhook for segments' enter/exit events",
        "operationId": "create_webhook",
        "tags": [
          "webhooks"
        ],
        "security": [
          {
            "bearer": []
          },
          {
            "apiKey": []
          }
        ],
        "description": "Scope admin. Only http(s) to public addresses unless the operator allowed the host.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "required": [
                  "url",
                  "segments"
                ],
                "properties": {
                  "url": {
                    "type": "string"
                  },
                  "segments": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  }
                }
              },
              "example": {
                "url": "https://crm.example.com/strata",
                "segments": [
                  "rfm:At Risk"
                ]
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Registered; the secret is shown once.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "webhook": {
                      "$ref": "#/components/schemas/Webhook"
                    },
                    "secret": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          },
          "400": {
            "description": "Not the expected body.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "422": {
            "description": "A refused URL or an unknown segment.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "No key, or an unknown or revoked one.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "The key lacks the scope this route needs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "The key is over its request rate; see Retry-After.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/webhooks/{id}": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "schema": {
            "type": "string"
          }
        }
      ],
      "delete": {
        "summary": "Delete a webhook and its undelivered messages",
        "operationId": "delete_webhook",
        "tags": [
          "webhooks"
        ],
        "security": [
          {
            "bearer": []
          },
          {
            "apiKey": []
          }
        ],
        "description": "Scope admin.",
        "responses": {
          "200": {
            "description": "Deleted.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "404": {
            "description": "No such webhook.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "No key, or an unknown or revoked one.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "The key lacks the scope this route needs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "The key is over its request rate; see Retry-After.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/webhooks/{id}/rotate": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "schema": {
            "type": "string"
          }
        }
      ],
      "post": {
        "summary": "A new signing secret (both sign until the next rotation)",
        "operationId": "rotate_webhook_secret",
        "tags": [
          "webhooks"
        ],
        "security": [
          {
            "bearer": []
          },
          {
            "apiKey": []
          }
        ],
        "description": "Scope admin.",
        "responses": {
          "200": {
            "description": "The new secret.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "id": {
                      "type": "string"
                    },
                    "secret": {
                      "type": "string"
                    }
                  }
                }
              }
            }
          },
          "404": {
            "description": "No such webhook.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "No key, or an unknown or revoked one.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "The key lacks the scope this route needs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "The key is over its request rate; see Retry-After.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/webhooks/{id}/dead-letters": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "schema": {
            "type": "string"
          }
        }
      ],
      "get": {
        "summary": "Messages every retry failed for",
        "operationId": "dead_letters",
        "tags": [
          "webhooks"
        ],
        "security": [
          {
            "bearer": []
          },
          {
            "apiKey": []
          }
        ],
        "description": "Scope admin.",
        "responses": {
          "200": {
            "description": "Dead letters, oldest first.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "type": "object",
                    "properties": {
                      "message_id": {
                        "type": "string"
                      },
                      "attempts": {
                        "type": "integer"
                      },
                      "last_error": {
                        "type": [
                          "string",
                          "null"
                        ]
                      },
                      "body": {
                        "type": "string"
                      }
                    }
                  }
                }
              }
            }
          },
          "401": {
            "description": "No key, or an unknown or revoked one.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "The key lacks the scope this route needs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "The key is over its request rate; see Retry-After.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/v1/webhooks/{id}/replay": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "schema": {
            "type": "string"
          }
        }
      ],
      "post": {
        "summary": "Send the dead letters again",
        "operationId": "replay_dead_letters",
        "tags": [
          "webhooks"
        ],
        "security": [
          {
            "bearer": []
          },
          {
            "apiKey": []
          }
        ],
        "description": "Scope admin.",
        "responses": {
          "200": {
            "description": "How many.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "replayed": {
                      "type": "integer"
                    }
                  }
                }
              }
            }
          },
          "401": {
            "description": "No key, or an unknown or revoked one.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "The key lacks the scope this route needs.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "The key is over its request rate; see Retry-After.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API key from strata keys create (sk_…)."
      },
      "apiKey": {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key"
      }
    },
    "schemas": {
      "Error": {
        "type": "object",
        "required": [
          "error"
        ],
        "properties": {
          "error": {
            "type": "object",
            "required": [
              "status",
              "message"
            ],
            "properties": {
              "status": {
                "type": "integer"
              },
              "message": {
                "type": "string"
              }
            }
          }
        }
      },
      "IngestAnswer": {
        "type": "object",
        "required": [
          "items",
          "stored",
          "already_present",
          "duplicates",
          "rejected",
          "data_version"
        ],
        "properties": {
          "items": {
            "type": "integer"
          },
          "stored": {
            "type": "integer"
          },
          "already_present": {
            "type": "integer"
          },
          "duplicates": {
            "type": "integer"
          },
          "data_version": {
            "type": "integer"
          },
          "rejected": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "index",
                "field",
                "reason",
                "value",
                "expected"
              ],
              "properties": {
                "index": {
                  "type": "integer"
                },
                "field": {
                  "type": "string"
                },
                "reason": {
                  "type": "string"
                },
                "value": {
                  "type": "string"
                },
                "expected": {
                  "type": "string"
                }
              }
            }
          }
        }
      },
      "Customer": {
        "type": "object",
        "required": [
          "customer_id",
          "as_of",
          "data_version",
          "segments",
          "custom_segments",
          "fields"
        ],
        "properties": {
          "customer_id": {
            "type": "string"
          },
          "as_of": {
            "type": "string"
          },
          "data_version": {
            "type": "integer"
          },
          "segments": {
            "type": "object",
            "additionalProperties": {
              "type": "string"
            }
          },
          "custom_segments": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "fields": {
            "type": "object",
            "additionalProperties": {
              "type": [
                "string",
                "number",
                "boolean",
                "null"
              ]
            }
          },
          "explanation": {
            "type": "object",
            "properties": {
              "built_in": {
                "type": "string"
              },
              "custom": {
                "type": [
                  "string",
                  "null"
                ]
              }
            }
          }
        }
      },
      "Problems": {
        "type": "object",
        "required": [
          "problems"
        ],
        "properties": {
          "problems": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "segment",
                "line",
                "column",
                "message"
              ],
              "properties": {
                "segment": {
                  "type": "string"
                },
                "line": {
                  "type": "integer"
                },
                "column": {
                  "type": "integer"
                },
                "message": {
                  "type": "string"
                }
              }
            }
          }
        }
      },
      "Saved": {
        "type": "object",
        "required": [
          "name",
          "data_version"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "data_version": {
            "type": "integer"
          }
        }
      },
      "Webhook": {
        "type": "object",
        "required": [
          "id",
          "url",
          "segments",
          "created_at"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "url": {
            "type": "string"
          },
          "segments": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "created_at": {
            "type": "integer"
          }
        }
      },
      "AnalysisState": {
        "type": "object",
        "properties": {
          "data_version": {
            "type": "integer",
            "description": "Every write up to this data version is reflected."
          },
          "whole_analysis_version": {
            "type": "integer",
            "description": "The data version the last analysis of the whole store read."
          },
          "whole_analyses": {
            "type": "integer",
            "description": "How many analyses of the whole store have run: the number of the one served."
          },
          "as_of": {
            "type": "string",
            "description": "That analysis's as-of date."
          },
          "customers": {
            "type": "integer"
          },
          "customers_changed_since": {
            "type": "integer",
            "description": "Customers written to (or erased) since that analysis, analysed alone against it."
          }
        }
      }
    }
  }
}
"""#
}
